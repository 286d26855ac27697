namespace AutoMix.Packaging.Tests;

/// <summary>The configuration (Debug/Release) this test assembly was built in, so packing uses the same build outputs.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BuildConfigurationAttribute(string configuration) : Attribute
{
    public string Configuration { get; } = configuration;
}
