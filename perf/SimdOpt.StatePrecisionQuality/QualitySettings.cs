using System.Globalization;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>The experiment's settings; each has a command-line option of the same name in kebab case (<c>--batch 16</c>).</summary>
internal sealed record QualitySettings
{
    public int Features { get; init; } = 1024;

    public int Classes { get; init; } = 1024;

    public int Batch { get; init; } = 16;

    public int Steps { get; init; } = 10_000;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The standard deviation of a teacher logit (see <see cref="TeacherTask"/>).</summary>
    public float LogitScale { get; init; } = 4f;

    public int TeacherSeed { get; init; } = 1;

    public int DataSeed { get; init; } = 2;

    public int HeldOutSeed { get; init; } = 3;

    public int HeldOutCount { get; init; } = 2048;

    /// <summary>The loss curves average the mini-batch loss over windows of this many steps.</summary>
    public int Window { get; init; } = 100;

    /// <summary>The precisions train side by side on up to this many threads (each optimizer steps on one thread).</summary>
    public int Threads { get; init; } = 2;

    public string Out { get; init; } = "perf/results/state-precision-quality";

    /// <summary>The steps where the report measures the distance and the held-out loss: 1,000 and the last step.</summary>
    public IReadOnlyList<int> ReportSteps => [.. new[] { 1000, Steps }.Where(s => s <= Steps).Distinct()];

    /// <summary>Parses <c>--name value</c> pairs; unknown names and bad values throw <see cref="ArgumentException"/>.</summary>
    public static QualitySettings Parse(IReadOnlyList<string> args)
    {
        var settings = new QualitySettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }

            var value = args[i + 1];
            settings = args[i] switch
            {
                "--features" => settings with { Features = Positive(args[i], value) },
                "--classes" => settings with { Classes = Positive(args[i], value) },
                "--batch" => settings with { Batch = Positive(args[i], value) },
                "--steps" => settings with { Steps = Positive(args[i], value) },
                "--learning-rate" => settings with { LearningRate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--logit-scale" => settings with { LogitScale = float.Parse(value, CultureInfo.InvariantCulture) },
                "--held-out" => settings with { HeldOutCount = Positive(args[i], value) },
                "--window" => settings with { Window = Positive(args[i], value) },
                "--threads" => settings with { Threads = Positive(args[i], value) },
                "--out" => settings with { Out = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; options: --features --classes --batch --steps --learning-rate --logit-scale --held-out --window --threads --out."),
            };
        }

        return settings;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, got '{value}'.");
}
