using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>An <see cref="Optimizer"/> configured by an options record, optionally per parameter group.</summary>
/// <typeparam name="TOptions">The rule's options.</typeparam>
public abstract class Optimizer<TOptions> : Optimizer
    where TOptions : OptimizerOptions
{
    private readonly TOptions[] _groupOptions;
    private readonly double[] _groupScales;
    private GroupUpdates? _updates;

    private protected Optimizer(
        ParameterLayout layout,
        double learningRate,
        TOptions options,
        IReadOnlyList<ParameterGroup<TOptions>>? groups,
        NonFiniteGradientPolicy nonFiniteGradients,
        Func<TOptions, string[]> stateNames)
        : base(layout, learningRate, stateNames(Validated(options)), AssignGroups(layout, groups), nonFiniteGradients, options.StatePrecision, options.StochasticRoundingSeed, options.QuantizedTensorMinimumLength)
    {
        groups ??= [];
        Options = options;
        Groups = new ReadOnlyCollection<ParameterGroup<TOptions>>([.. groups]);
        _groupOptions = [options, .. groups.Select(g => g.Options)];
        _groupScales = [1.0, .. groups.Select(g => g.LearningRateScale)];
        var expected = stateNames(options);
        for (var i = 1; i < _groupOptions.Length; i++)
        {
            Validated(_groupOptions[i]);
            Check.NonNegative(_groupScales[i], nameof(ParameterGroup<TOptions>.LearningRateScale));
            if (!stateNames(_groupOptions[i]).SequenceEqual(expected))
            {
                throw new ArgumentException(
                    $"Group '{groups[i - 1].Name}' needs state [{string.Join(", ", stateNames(_groupOptions[i]))}] but the optimizer has [{string.Join(", ", expected)}]; options that add or remove state (amsgrad, centered, momentum on/off, nesterov) must match across groups.",
                    nameof(groups));
            }

            if (_groupOptions[i].StatePrecision != options.StatePrecision
                || _groupOptions[i].StochasticRoundingSeed != options.StochasticRoundingSeed
                || _groupOptions[i].QuantizedTensorMinimumLength != options.QuantizedTensorMinimumLength)
            {
                throw new ArgumentException(
                    $"Group '{groups[i - 1].Name}' stores its state as {_groupOptions[i].StatePrecision} (stochastic rounding seed {_groupOptions[i].StochasticRoundingSeed?.ToString(CultureInfo.InvariantCulture) ?? "none"}, quantized tensor minimum length {_groupOptions[i].QuantizedTensorMinimumLength?.ToString(CultureInfo.InvariantCulture) ?? "default"}) but the optimizer as {options.StatePrecision} (seed {options.StochasticRoundingSeed?.ToString(CultureInfo.InvariantCulture) ?? "none"}, minimum length {options.QuantizedTensorMinimumLength?.ToString(CultureInfo.InvariantCulture) ?? "default"}); every group must use the optimizer's state precision, seed and minimum length.",
                    nameof(groups));
            }
        }
    }

    /// <summary>The options of tensors no group selects.</summary>
    public TOptions Options { get; }

    /// <summary>The parameter groups, in matching order.</summary>
    public IReadOnlyList<ParameterGroup<TOptions>> Groups { get; }

    internal sealed override int OptionSetCount => _groupOptions.Length;

    internal sealed override (string? Name, OptimizerOptions Options, double LearningRateScale) OptionSet(int index) =>
        (index == 0 ? null : Groups[index - 1].Name, _groupOptions[index], _groupScales[index]);

    /// <summary>Number of hyperparameter sets: the default one (index 0) plus one per group.</summary>
    private protected int GroupCount => _groupOptions.Length;

    /// <summary>Options of hyperparameter set <paramref name="group"/> (0 = default).</summary>
    private protected TOptions GroupOptions(int group) => _groupOptions[group];

    /// <summary>
    /// The gradient transform of a set's prepared step: the step's <see cref="Optimizer.GradientDivisor"/> (1 unless the
    /// gradients are an accumulated sum), then <paramref name="maximize"/> and the L2 coefficient <paramref name="weightDecay"/>.
    /// </summary>
    private protected GradientTransform Transform(bool maximize, float weightDecay) => new(maximize, weightDecay, GradientDivisor);

    /// <summary>
    /// One value per hyperparameter set, computed once from its options by <paramref name="fromOptions"/> (options never
    /// change): what a rule's step scalars need that does not depend on the step, such as the moments' coefficients or a
    /// <see cref="PowerSeries"/> for its bias corrections, so a step does not compute it again.
    /// </summary>
    private protected T[] PerSet<T>(Func<TOptions, T> fromOptions) => [.. _groupOptions.Select(fromOptions)];

    /// <summary>Learning rate of set <paramref name="group"/> for base rate <paramref name="learningRate"/>, in double.</summary>
    private protected double GroupLearningRate(int group, double learningRate) => learningRate * _groupScales[group];

    /// <summary>
    /// Sets how the rule prepares a hyperparameter set's step; every rule's constructor calls this once. Each step,
    /// <see cref="PrepareShared"/> runs first, then <paramref name="prepare"/> for every set in order; each run of the
    /// buffer then runs its set's <typeparamref name="TUpdate"/> with the set's subnormal flush as a compile-time flag.
    /// </summary>
    /// <typeparam name="TUpdate">The rule's prepared step of one set.</typeparam>
    /// <param name="prepare">The scalars of set g at step t for the base learning rate <see cref="PrepareShared"/> returned.</param>
    private protected void UpdateWith<TUpdate>(PrepareGroup<TUpdate> prepare)
        where TUpdate : struct, IGroupUpdate =>
        _updates = new GroupUpdates<TUpdate>([.. _groupOptions.Select(o => o.FlushSubnormals)], prepare);

    /// <summary>
    /// Prepares what every set of step <paramref name="stepNumber"/> shares (such as an averaging weight) before the sets'
    /// own scalars; returns the base learning rate the sets scale (by default <paramref name="learningRate"/> itself).
    /// </summary>
    /// <param name="stepNumber">The step t being prepared.</param>
    /// <param name="learningRate">The step's base learning rate (after any schedule).</param>
    /// <returns>The base learning rate the sets' <see cref="GroupLearningRate"/> scale.</returns>
    private protected virtual double PrepareShared(long stepNumber, double learningRate) => learningRate;

    private protected sealed override void Prepare(long stepNumber, double learningRate) =>
        Updates.Prepare(stepNumber, PrepareShared(stepNumber, learningRate));

    private protected sealed override void Update(int group, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state) =>
        Updates.Run(group, parameters, gradients, state);

    /// <summary>
    /// A step scalar of hyperparameter set <paramref name="group"/> rounded to float32, the value the kernel uses;
    /// throws before anything is written when it is not finite (or, with <paramref name="positive"/>, not above 0).
    /// Every rule converts its step scalars through this, so a hyperparameter valid in double but not in float32
    /// at some step count is reported instead of turning parameters into NaN.
    /// </summary>
    /// <param name="value">The scalar in double.</param>
    /// <param name="group">The hyperparameter set (0 = default options).</param>
    /// <param name="stepNumber">The step t being prepared.</param>
    /// <param name="formula">The scalar's formula, for the message (such as <c>lr * sqrt(1 - beta2^t) / (1 - beta1^t)</c>).</param>
    /// <param name="cause">The setting to change, for <see cref="ArgumentException.ParamName"/> (such as <c>LearningRate</c>).</param>
    /// <param name="positive">The scalar must also be above 0 (an epsilon).</param>
    /// <exception cref="ArgumentOutOfRangeException">The float32 value is infinite or NaN (or not positive).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected float StepFloat(double value, int group, long stepNumber, string formula, string cause, bool positive = false)
    {
        var rounded = (float)value;
        if (float.IsFinite(rounded) && (!positive || rounded > 0))
        {
            return rounded;
        }

        ThrowStepFloat(value, rounded, group, stepNumber, formula, cause, positive);
        return rounded;
    }

    /// <summary>The throw of <see cref="StepFloat"/>, out of line so the check inlines into every rule's scalars.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowStepFloat(double value, float rounded, int group, long stepNumber, string formula, string cause, bool positive)
    {
        var where = group == 0 ? string.Empty : $", group '{Groups[group - 1].Name}'";
        var range = positive ? Check.PositiveRange : $"[{float.MinValue.ToString("R", CultureInfo.InvariantCulture)}, {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}]";
        throw new ArgumentOutOfRangeException(
            cause,
            value,
            $"{GetType().Name} step {stepNumber}{where}: {formula} = {value.ToString(CultureInfo.InvariantCulture)} is used as a float32 and must be in {range}, where it rounds to {rounded.ToString(CultureInfo.InvariantCulture)}. Change {cause}; nothing was changed.");
    }

    private GroupUpdates Updates =>
        _updates ?? throw new InvalidOperationException($"{GetType().Name} did not call UpdateWith in its constructor.");

    private static TOptions Validated(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private static int[] AssignGroups(ParameterLayout layout, IReadOnlyList<ParameterGroup<TOptions>>? groups)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var assignment = new int[layout.Count];
        if (groups is null)
        {
            return assignment;
        }

        foreach (var tensor in layout.Tensors)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                ArgumentNullException.ThrowIfNull(groups[g], nameof(groups));
                if (groups[g].Selects(tensor))
                {
                    assignment[tensor.Index] = g + 1;
                    break;
                }
            }
        }

        return assignment;
    }
}
