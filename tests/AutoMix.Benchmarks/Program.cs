using BenchmarkDotNet.Running;

namespace AutoMix.Benchmarks;

public static class Program
{
    // BenchmarkSwitcher finds every [Benchmark] class in this assembly, so new suites need no registration.
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
