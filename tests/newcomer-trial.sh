#!/usr/bin/env bash
# A newcomer's first hour, automated (issue 11). From a fresh clone with no ../shared beside it:
#   1. follow README's "Using it in your project" verbatim: pack AutoMix into a local folder feed, create a console
#      app that uses it, add the README's policy and Program.cs, and run it against the README's two stand-in clients;
#   2. break the policy on purpose: the build must report AMX diagnostics and nothing else (no C# errors);
#   3. pack the other packages into the same feed: each has a README and packs without warnings;
#   4. a project with policies that references AutoMix.OpenAI but not AutoMix is told to add AutoMix.
# Usage: tests/newcomer-trial.sh [repository]   (default: the repository holding this script)
# It clones, so it tests what is committed. NuGet uses a private package folder, so nothing stale is picked up.
set -euo pipefail

repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/automix-trial.XXXXXX")
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "newcomer trial FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

# The n-th fenced block of a language inside README's "## Using it in your project", exactly as written.
readme_block() {
  awk -v fence='```'"$1" -v want="$2" '
    /^## / { inside = ($0 == "## Using it in your project") }
    inside && !grab && $0 == fence { if (++n == want) { grab = 1; next } }
    grab && $0 == "```" { exit }
    grab { print }' README.md
}

step "fresh clone of $repo"
git clone --quiet "$repo" "$work/clone"
[ ! -e "$work/shared" ] || fail "$work/shared exists; the trial must run without the recorded data"
cd "$work/clone"
commands=$(readme_block bash 1)
policy=$(readme_block yaml 1)
program=$(readme_block csharp 1)
[ -n "$commands" ] && [ -n "$policy" ] && [ -n "$program" ] || fail "README.md's \"Using it in your project\" lacks its bash, yaml or csharp block"

step "README commands, verbatim, from the repository root"
printf '%s\n' "$commands"
bash -euo pipefail -c "$commands" > "$work/commands.log" 2>&1 || { cat "$work/commands.log"; fail "a README command failed"; }
app="$work/MyApp"
[ -f "$app/MyApp.csproj" ] || fail "the README commands did not create ../MyApp"
printf '%s\n' "$policy" > "$app/policies/support.automix.yaml"
printf '%s\n' "$program" > "$app/Program.cs"

step "dotnet run: the README app against its two stand-in clients"
cd "$app"
dotnet run -c Release > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "the README app did not build or run"; }
cat "$work/run.log"
grep -qx "Paris" "$work/run.log" || fail "the app did not answer Paris"
grep -q "^Support (operating point default): answered by large, 2 tiers visited" "$work/run.log" || fail "no readable trace"
grep -q "small (gpt-4o-mini): confidence 0 (0 correct, 4 incorrect of 4 samples), bin 0, routed to large" "$work/run.log" \
  || fail "the trace does not show the small tier's samples, bin and decision"
! grep -qi "warning" "$work/run.log" || fail "the README app builds with warnings"

step "a broken policy yields only AMX diagnostics"
sed -i 's/samples: 4/samles: 4/' policies/support.automix.yaml
if dotnet build -c Release > "$work/broken.log" 2>&1; then cat "$work/broken.log"; fail "the broken policy built"; fi
errors=$(grep -oE "(error|warning) [A-Z]+[0-9]+" "$work/broken.log" | sort -u)
echo "$errors"
grep -q "policies/support.automix.yaml(7,[0-9]*): error AMX0002: Unknown key 'samles'" "$work/broken.log" \
  || { cat "$work/broken.log"; fail "AMX0002 at the YAML line is missing"; }
[ -z "$(echo "$errors" | grep -v " AMX")" ] || { cat "$work/broken.log"; fail "diagnostics other than AMX: $errors"; }

step "every package packs with a README and without warnings"
cd "$work/clone"
for project in AutoMix.OpenAI AutoMix.Server AutoMix.Cli; do
  dotnet pack "src/$project" -c Release -o "$work/automix-packages" > "$work/pack-$project.log" 2>&1 \
    || { cat "$work/pack-$project.log"; fail "dotnet pack src/$project failed"; }
done
for package in AutoMix AutoMix.OpenAI AutoMix.Server AutoMix.Cli; do
  nupkg="$work/automix-packages/$package.0.1.0.nupkg"
  [ -f "$nupkg" ] || fail "$package was not packed"
  unzip -l "$nupkg" | grep -q " README.md$" || fail "$package has no README.md"
done
if grep -h "warning" "$work"/commands.log "$work"/pack-*.log; then fail "dotnet pack printed warnings"; fi

step "a project with AutoMix.OpenAI but not AutoMix is told to add AutoMix"
cd "$work"
dotnet new console -n OnlyOpenAI > "$work/only-openai.log" 2>&1
cd OnlyOpenAI
cp ../MyApp/nuget.config .
mkdir policies && printf '%s\n' "$policy" > policies/support.automix.yaml
dotnet add package AutoMix.OpenAI --version 0.1.0 >> "$work/only-openai.log" 2>&1 || { cat "$work/only-openai.log"; fail "adding AutoMix.OpenAI failed"; }
if dotnet build -c Release > "$work/only-openai-build.log" 2>&1; then fail "policies were silently ignored"; fi
grep -q "support.automix.yaml.*error.*references AutoMix.OpenAI (tier clients only) but not the AutoMix package" "$work/only-openai-build.log" \
  || { cat "$work/only-openai-build.log"; fail "the build does not say to add the AutoMix package"; }

echo "newcomer trial: passed"
