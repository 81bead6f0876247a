using System.Globalization;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// A run's <c>--lookahead K[,ALPHA]</c>: a <see cref="Lookahead"/> that moves the slow weights <c>s = s + alpha * (f - s)</c>
/// and restarts the fast ones from them after every K-th optimizer step.
/// </summary>
/// <param name="SyncPeriod">Optimizer steps between synchronisations (K), at least 1.</param>
/// <param name="Alpha">The slow weights' step towards the fast ones, in [0, 1].</param>
internal sealed record LookaheadSpec(int SyncPeriod, double Alpha)
{
    /// <summary>The step towards the fast weights when the option gives none (Zhang et al. and Optax's examples use 0.5).</summary>
    public const double DefaultAlpha = 0.5;

    /// <summary>Reads <c>K</c> or <c>K,ALPHA</c>; null with a one-line <paramref name="error"/> when the text is not one.</summary>
    public static LookaheadSpec? Parse(string text, out string? error)
    {
        var parts = text.Split(',');
        error = null;
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1)
        {
            error = $"--lookahead takes K or K,ALPHA with K a whole number of at least 1; got '{text}'.";
            return null;
        }

        var alpha = DefaultAlpha;
        if (parts.Length == 2 && !(double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out alpha) && alpha >= 0 && alpha <= 1))
        {
            error = $"--lookahead's ALPHA must be a number in [0, 1]; got '{parts[1]}'.";
            return null;
        }

        return new LookaheadSpec(k, alpha);
    }

    /// <summary>The option's text for this spec, e.g. <c>5,0.5</c>.</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{SyncPeriod},{Alpha}");

    /// <summary>A Lookahead around <paramref name="optimizer"/> whose slow weights start as <paramref name="parameters"/>.</summary>
    public Lookahead Create(Optimizer optimizer, ParameterBuffer parameters) => new(optimizer, parameters, SyncPeriod, Alpha);
}
