using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Infrastructure;

/// <summary>Emits a compilation (consumer code plus generated cascades) and loads it, so tests can run the generated classes.</summary>
internal static class ConsumerAssembly
{
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, "The consumer did not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("consumer-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }

    public static object? InvokeStatic(Assembly assembly, string typeName, string method)
    {
        var type = assembly.GetType(typeName, throwOnError: true)!;
        return type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
    }
}
