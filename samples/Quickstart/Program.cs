using System.CommandLine;
using QuickstartSample;
using Spectre.Console;

// Plain text when the output is not a terminal (a log file, a pipe) or NO_COLOR is set (no-color.org): no colour,
// bold or cursor codes, and no live progress bar.
if (Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Console.Out),
    });
}

// dotnet run --project samples/Quickstart            offline: the generated cascade over simulated tiers
// dotnet run --project samples/Quickstart -- --endpoint http://localhost:11434/v1 --small llama3.1:8b --large llama3.1:70b
var queries = new Option<int>("--queries") { Description = "Simulated queries (offline mode).", DefaultValueFactory = _ => 10000 };
var seed = new Option<int>("--seed") { Description = "Seed of the simulation.", DefaultValueFactory = _ => 42 };
var output = new Option<string>("--out") { Description = "Where to write the plot and report.", DefaultValueFactory = _ => Path.Combine("artifacts", "quickstart") };
var endpoint = new Option<string?>("--endpoint") { Description = "An OpenAI-compatible endpoint (e.g. http://localhost:11434/v1): run on real models instead." };
var small = new Option<string?>("--small") { Description = "Model id of the small tier (with --endpoint)." };
var large = new Option<string?>("--large") { Description = "Model id of the large tier (with --endpoint)." };
var apiKeyVariable = new Option<string>("--api-key-env") { Description = "Environment variable holding the API key (with --endpoint).", DefaultValueFactory = _ => "OPENAI_API_KEY" };

var root = new RootCommand("AutoMix quickstart: the generated Quickstart cascade against always-small, always-large and a threshold router.")
{
    queries, seed, output, endpoint, small, large, apiKeyVariable,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var outDirectory = parse.GetRequiredValue(output);
    if (parse.GetValue(endpoint) is { } endpointText)
    {
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"error: --endpoint '{endpointText}' is not an http(s) URL (e.g. http://localhost:11434/v1).");
            return 2;
        }

        if (parse.GetValue(small) is not { } smallModel || parse.GetValue(large) is not { } largeModel)
        {
            await Console.Error.WriteLineAsync("error: --endpoint needs --small <model id> and --large <model id>.");
            return 2;
        }

        return await LiveRun.RunAsync(url, smallModel, largeModel, Environment.GetEnvironmentVariable(parse.GetRequiredValue(apiKeyVariable)), cancellationToken);
    }

    return await OfflineRun.RunAsync(parse.GetRequiredValue(queries), parse.GetRequiredValue(seed), outDirectory, cancellationToken);
});

return await root.Parse(args).InvokeAsync();
