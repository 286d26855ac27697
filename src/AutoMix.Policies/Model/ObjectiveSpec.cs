namespace AutoMix.Policies.Model
{
    /// <summary>
    /// An objective: <see cref="ObjectiveKind.Lambda"/> uses <see cref="Value"/> as λ,
    /// <see cref="ObjectiveKind.MaxExpectedCost"/> uses it as the cost limit, <see cref="ObjectiveKind.MaxIbc"/> ignores it.
    /// </summary>
    public sealed record ObjectiveSpec(ObjectiveKind Kind, double Value)
    {
        public static ObjectiveSpec MaxIbc { get; } = new(ObjectiveKind.MaxIbc, 0);

        public static ObjectiveSpec ForLambda(double lambda) => new(ObjectiveKind.Lambda, lambda);

        public static ObjectiveSpec ForMaxExpectedCost(double limit) => new(ObjectiveKind.MaxExpectedCost, limit);
    }
}
