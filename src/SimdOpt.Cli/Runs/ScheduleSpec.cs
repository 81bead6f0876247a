using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SimdOpt.Schedules;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// A learning-rate schedule as the command line writes it: <c>family[:key=value[,key=value]...]</c>, list values
/// separated by <c>;</c>. The base (peak) rate is not part of the spec: it is <c>--lr</c>, and every other rate in a
/// spec (<c>min</c>, <c>start</c>, <c>end</c>, <c>scales</c>) is a multiple of it. <see cref="TryParse"/> checks the
/// syntax and builds the schedule once with a base rate of 1, so every range error of the core's constructors is
/// reported while parsing.
/// </summary>
internal sealed partial class ScheduleSpec
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Family[] Families =
    [
        new("constant", "constant", "lr", [], [], [], (v, lr) => new ConstantSchedule(lr)),
        new(
            "inverse-time",
            "inverse-time:rate=R[,interval=N]",
            "lr / (1 + R * floor(c / N)); N defaults to 1 (smooth decay)",
            ["rate"],
            ["interval"],
            [("initialLearningRate", "lr"), ("decayRate", "rate"), ("staircaseInterval", "interval")],
            (v, lr) => new InverseTimeDecaySchedule(lr, v.Double("rate"), v.Long("interval", 1))),
        new(
            "exponential",
            "exponential:rate=R[,interval=N]",
            "lr * R^floor(c / N); N defaults to 1 (smooth decay)",
            ["rate"],
            ["interval"],
            [("initialLearningRate", "lr"), ("staircaseInterval", "interval")],
            (v, lr) => new ExponentialDecaySchedule(lr, v.Double("rate"), v.Long("interval", 1))),
        new(
            "inverse-sqrt",
            "inverse-sqrt[:k=K]",
            "lr * K / sqrt(max(c, 1)); K defaults to 1",
            [],
            ["k"],
            [("initialLearningRate", "lr")],
            (v, lr) => new InverseSqrtSchedule(lr, v.Double("k", 1.0))),
        new(
            "step",
            "step:size=N[,gamma=G]",
            "lr * G^floor(c / N); G defaults to 0.1",
            ["size"],
            ["gamma"],
            [("initialLearningRate", "lr"), ("stepSize", "size")],
            (v, lr) => new StepSchedule(lr, v.Long("size"), v.Double("gamma", 0.1))),
        new(
            "multistep",
            "multistep:milestones=M1;M2;...[,gamma=G]",
            "lr * G^(number of milestones <= c); G defaults to 0.1",
            ["milestones"],
            ["gamma"],
            [("initialLearningRate", "lr")],
            (v, lr) => new MultiStepSchedule(lr, v.Longs("milestones"), v.Double("gamma", 0.1))),
        new(
            "piecewise",
            "piecewise:boundaries=B1;B2;...,scales=S0;S1;S2;...",
            "lr * S0 before B1, lr * S1 from B1, lr * S2 from B2, ... (one more scale than boundaries)",
            ["boundaries", "scales"],
            [],
            [("values", "scales")],
            (v, lr) => new PiecewiseConstantSchedule(v.Longs("boundaries"), [.. v.Doubles("scales").Select(s => s * lr)])),
        new(
            "cosine",
            "cosine:period=N[,min=F]",
            "cosine annealing from lr to F * lr over N counters, then F * lr; F defaults to 0",
            ["period"],
            ["min"],
            [("maxLearningRate", "lr"), ("minLearningRate", "min")],
            (v, lr) => new CosineAnnealingSchedule(lr, v.Long("period"), v.Double("min", 0.0) * lr)),
        new(
            "cosine-periodic",
            "cosine-periodic:period=N[,min=F]",
            "PyTorch's CosineAnnealingLR for every c: from lr down to F * lr at N, back up to lr at 2N, repeating; F defaults to 0",
            ["period"],
            ["min"],
            [("maxLearningRate", "lr"), ("minLearningRate", "min")],
            (v, lr) => new PeriodicCosineSchedule(lr, v.Long("period"), v.Double("min", 0.0) * lr)),
        new(
            "cyclic",
            "cyclic:base=F,up=N[,down=M][,mode=triangular|triangular2|exp-range][,gamma=G]",
            "PyTorch's CyclicLR between F * lr and lr: up over N counters, down over M (default N); triangular2 halves each cycle, exp-range scales by G^c",
            ["base", "up"],
            ["down", "mode", "gamma"],
            [("baseLearningRate", "base"), ("maxLearningRate", "lr"), ("stepSizeUp", "up"), ("stepSizeDown", "down")],
            (v, lr) => new CyclicSchedule(v.Double("base") * lr, lr, v.Long("up"), v.ContainsKey("down") ? v.Long("down") : null, v.Cyclic("mode"), v.Double("gamma", 1.0))),
        new(
            "warm-restarts",
            "warm-restarts:t0=N[,mult=M][,min=F]",
            "cosine from lr to F * lr, restarting after N, N*M, N*M^2, ... counters; M defaults to 1, F to 0",
            ["t0"],
            ["mult", "min"],
            [("maxLearningRate", "lr"), ("firstPeriod", "t0"), ("periodMultiplier", "mult"), ("minLearningRate", "min")],
            (v, lr) => new CosineWarmRestartsSchedule(lr, v.Long("t0"), v.Long("mult", 1), v.Double("min", 0.0) * lr)),
        new(
            "linear",
            "linear:count=N[,start=F0][,end=F1]",
            "linear from F0 * lr to F1 * lr over N counters, then F1 * lr; F0 defaults to 0, F1 to 1 (a warm-up)",
            ["count"],
            ["start", "end"],
            [("transitionCount", "count")],
            (v, lr) => new LinearSchedule(v.Double("start", 0.0) * lr, v.Double("end", 1.0) * lr, v.Long("count"))),
        new(
            "polynomial",
            "polynomial:count=N[,power=P][,end=F]",
            "(lr - F * lr) * (1 - c / N)^P + F * lr for c < N, then F * lr; P defaults to 1, F to 0",
            ["count"],
            ["power", "end"],
            [("start", "lr"), ("transitionCount", "count")],
            (v, lr) => new PolynomialSchedule(lr, v.Double("end", 0.0) * lr, v.Double("power", 1.0), v.Long("count"))),
        new(
            "onecycle",
            "onecycle:total=N[,pct=P][,div=D][,final-div=E][,anneal=cos|linear]",
            "PyTorch's OneCycleLR peaking at lr: from lr / D up to lr over the first P * N counters, then down to lr / (D * E) at N - 1; P defaults to 0.3, D to 25, E to 1e4, anneal to cos",
            ["total"],
            ["pct", "div", "final-div", "anneal"],
            [("maxLearningRate", "lr"), ("totalSteps", "total"), ("pctStart", "pct"), ("divFactor", "div"), ("finalDivFactor", "final-div")],
            (v, lr) => new OneCycleSchedule(lr, v.Long("total"), v.Double("pct", 0.3), v.Double("div", 25.0), v.Double("final-div", 1e4), v.Annealing("anneal"))),
        new(
            "warmup-cosine",
            "warmup-cosine:warmup=W,decay=D[,start=F0][,end=F1]",
            "linear from F0 * lr to lr over W counters, then cosine down to F1 * lr at counter D (warm-up included); F0 and F1 default to 0",
            ["warmup", "decay"],
            ["start", "end"],
            [("initialLearningRate", "start"), ("peakLearningRate", "lr"), ("warmupCount", "warmup"), ("decayCount", "decay"), ("endLearningRate", "end")],
            (v, lr) => SequenceSchedule.WarmupCosine(v.Double("start", 0.0) * lr, lr, v.Long("warmup"), v.Long("decay"), v.Double("end", 0.0) * lr)),
        new(
            PlateauFamily,
            "plateau[:factor=F][,patience=N][,threshold=T][,threshold-mode=rel|abs][,cooldown=N][,min=F][,eps=E]",
            "PyTorch's ReduceLROnPlateau on each epoch's training cost (mode min): the rate is multiplied by F when the cost has not improved by T for more than N epochs; F defaults to 0.1, N to 10, T to 1e-4 (rel), cooldown to 0, min (a multiple of lr) to 0, eps to 1e-8; not a function of c",
            [],
            ["factor", "patience", "threshold", "threshold-mode", "cooldown", "min", "eps"],
            [("initialLearningRate", "lr"), ("thresholdMode", "threshold-mode"), ("minLearningRate", "min")],
            (v, lr) => new ReduceLearningRateOnPlateau(lr, PlateauMode.Min, v.Double("factor", 0.1), v.Long("patience", 10), v.Double("threshold", 1e-4), v.ThresholdMode("threshold-mode"), v.Long("cooldown", 0), v.Double("min", 0.0) * lr, v.Double("eps", 1e-8))),
    ];

    private const string PlateauFamily = "plateau";

    private readonly Family _family;
    private readonly Values _values;

    private ScheduleSpec(string text, Family family, Values values)
    {
        Text = text;
        _family = family;
        _values = values;
    }

    /// <summary>The family names, in help order.</summary>
    public static IReadOnlyList<string> FamilyNames { get; } = [.. Families.Select(f => f.Name)];

    /// <summary>The spec as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>The family, such as <c>inverse-time</c>.</summary>
    public string FamilyName => _family.Name;

    /// <summary>The grammar and every family's formula, for <c>--help</c>.</summary>
    public static string Help
    {
        get
        {
            var text = new StringBuilder();
            text.Append("Schedules (--schedule SPEC, SPEC = family[:key=value[,key=value]...], lists separated by ';'):\n");
            text.Append("  The base (peak) rate lr is --lr; every other rate in a spec (min, start, end, scales) is a multiple of lr.\n");
            text.Append("  c counts epochs (--schedule-by epoch, the default; epoch e trains at lr(e)) or optimizer steps\n");
            text.Append("  (--schedule-by step; the t-th mini-batch of the run, from 0, trains at lr(t)).\n");
            foreach (var family in Families)
            {
                text.Append("  ").Append(family.Usage).Append('\n');
                text.Append("      ").Append(family.Meaning).Append('\n');
            }

            text.Append("  Examples: inverse-time:rate=1,interval=1000   exponential:rate=0.95   multistep:milestones=3000;6000,gamma=0.1\n");
            return text.ToString();
        }
    }

    /// <summary>Whether the spec is the metric-driven <c>plateau</c> scheduler rather than a function of a counter.</summary>
    public bool IsPlateau => _family.Name == PlateauFamily;

    /// <summary>The schedule with base (peak) rate <paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of its range for this base rate (the core's message, with the spec's names).</exception>
    /// <exception cref="InvalidOperationException">The spec is <see cref="IsPlateau"/>: use <see cref="CreatePlateau"/>.</exception>
    public LearningRateSchedule Create(double learningRate) =>
        Build(learningRate) as LearningRateSchedule ?? throw new InvalidOperationException($"'{Text}' is a plateau scheduler, not a schedule of a counter.");

    /// <summary>The plateau scheduler starting at <paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of its range for this rate.</exception>
    /// <exception cref="InvalidOperationException">The spec is not <see cref="IsPlateau"/>.</exception>
    public ReduceLearningRateOnPlateau CreatePlateau(double learningRate) =>
        Build(learningRate) as ReduceLearningRateOnPlateau ?? throw new InvalidOperationException($"'{Text}' is a schedule of a counter, not a plateau scheduler.");

    private object Build(double learningRate)
    {
        try
        {
            return _family.Build(_values, learningRate);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Invalid --schedule '{Text}' with --lr {learningRate.ToString("R", Invariant)}: {_family.Explain(e)}", e);
        }
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> names the problem.</summary>
    public static bool TryParse(string text, out ScheduleSpec? spec, out string error)
    {
        spec = null;
        text = text.Trim();
        try
        {
            spec = ParseCore(text);
            error = string.Empty;
            return true;
        }
        catch (FormatException e)
        {
            error = $"Invalid --schedule '{text}': {e.Message}";
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The spec is malformed or a value is out of range; the message names the problem.</exception>
    public static ScheduleSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec! : throw new FormatException(error);

    private static ScheduleSpec ParseCore(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        var family = Array.Find(Families, f => f.Name == name)
            ?? throw new FormatException($"unknown schedule '{name}'; expected one of {string.Join(", ", FamilyNames)}.");
        var values = new Values();
        if (colon >= 0)
        {
            foreach (var pair in text[(colon + 1)..].Split(','))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new FormatException($"'{pair}' is not key=value.");
                }

                var key = pair[..equals].Trim();
                if (!family.Required.Contains(key) && !family.Optional.Contains(key))
                {
                    var known = family.Required.Concat(family.Optional).ToList();
                    throw new FormatException(known.Count == 0
                        ? $"'{name}' takes no parameters; got '{key}'."
                        : $"'{name}' has no parameter '{key}'; it takes {string.Join(", ", known)}.");
                }

                if (!values.TryAdd(key, pair[(equals + 1)..].Trim()))
                {
                    throw new FormatException($"'{key}' is given twice.");
                }
            }
        }

        var missing = family.Required.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"'{name}' needs {string.Join(" and ", missing.Select(k => k + "=..."))} (usage: {family.Usage}).");
        }

        try
        {
            family.Build(values, 1.0);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(family.Explain(e), e);
        }

        return new ScheduleSpec(text, family, values);
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)\s*$")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex Word();

    /// <summary>One schedule family: its name, its usage and formula for the help, its keys, and how to build it.</summary>
    private sealed record Family(
        string Name,
        string Usage,
        string Meaning,
        string[] Required,
        string[] Optional,
        (string Parameter, string Key)[] Renames,
        Func<Values, double, object> Build)
    {
        /// <summary>The core's message for <paramref name="e"/>, first line only, with constructor parameter names replaced by spec keys.</summary>
        public string Explain(ArgumentException e)
        {
            var message = e.Message.Split('\n', 2)[0].TrimEnd('\r');
            message = ParameterSuffix().Replace(message, string.Empty);
            return Word().Replace(message, m => Array.Find(Renames, r => r.Parameter == m.Value) is { Key: { } key } ? key : m.Value);
        }
    }

    /// <summary>The key=value pairs of a spec, read as the types the constructors take.</summary>
    private sealed class Values : Dictionary<string, string>
    {
        public Values()
            : base(StringComparer.Ordinal)
        {
        }

        public double Double(string key, double fallback = double.NaN) =>
            TryGetValue(key, out var text) ? ParseDouble(key, text) : fallback;

        public long Long(string key, long fallback = 0) =>
            TryGetValue(key, out var text) ? ParseLong(key, text) : fallback;

        public long[] Longs(string key) => [.. this[key].Split(';').Select(t => ParseLong(key, t.Trim()))];

        public double[] Doubles(string key) => [.. this[key].Split(';').Select(t => ParseDouble(key, t.Trim()))];

        public OneCycleAnnealing Annealing(string key) =>
            !TryGetValue(key, out var text) ? OneCycleAnnealing.Cosine
            : text switch
            {
                "cos" => OneCycleAnnealing.Cosine,
                "linear" => OneCycleAnnealing.Linear,
                _ => throw new FormatException($"{key} must be cos or linear; got '{text}'."),
            };

        public PlateauThresholdMode ThresholdMode(string key) =>
            !TryGetValue(key, out var text) ? PlateauThresholdMode.Relative
            : text switch
            {
                "rel" => PlateauThresholdMode.Relative,
                "abs" => PlateauThresholdMode.Absolute,
                _ => throw new FormatException($"{key} must be rel or abs; got '{text}'."),
            };

        public CyclicMode Cyclic(string key) =>
            !TryGetValue(key, out var text) ? CyclicMode.Triangular
            : text switch
            {
                "triangular" => CyclicMode.Triangular,
                "triangular2" => CyclicMode.Triangular2,
                "exp-range" => CyclicMode.ExpRange,
                _ => throw new FormatException($"{key} must be triangular, triangular2 or exp-range; got '{text}'."),
            };

        private static double ParseDouble(string key, string text) =>
            double.TryParse(text, NumberStyles.Float, Invariant, out var value) && double.IsFinite(value)
                ? value
                : throw new FormatException($"{key}: '{text}' is not a finite number.");

        private static long ParseLong(string key, string text) =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var value)
                ? value
                : throw new FormatException($"{key}: '{text}' is not a whole number.");
    }
}
