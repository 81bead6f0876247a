namespace SimdOpt.Schedules;

/// <summary>Whether <see cref="ReduceLearningRateOnPlateau"/> watches a metric that should fall or rise.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss).</summary>
    Min,

    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}

/// <summary>How <see cref="ReduceLearningRateOnPlateau"/> decides that a metric improved on the best so far.</summary>
public enum PlateauThresholdMode
{
    /// <summary><c>metric &lt; best * (1 - threshold)</c> (min) or <c>metric &gt; best * (threshold + 1)</c> (max).</summary>
    Relative,

    /// <summary><c>metric &lt; best - threshold</c> (min) or <c>metric &gt; best + threshold</c> (max).</summary>
    Absolute,
}

/// <summary>Everything <see cref="ReduceLearningRateOnPlateau"/> remembers between metrics; save it to resume exactly.</summary>
/// <param name="LearningRate">The current learning rate.</param>
/// <param name="Best">The best metric so far (<c>+inf</c> for min and <c>-inf</c> for max before the first improvement).</param>
/// <param name="BadEpochs">Metrics since the last improvement (reset by a reduction and during cooldown).</param>
/// <param name="CooldownCounter">Metrics left in the cooldown after the last reduction.</param>
/// <param name="Epochs">Metrics observed so far.</param>
public readonly record struct PlateauState(double LearningRate, double Best, long BadEpochs, long CooldownCounter, long Epochs);
