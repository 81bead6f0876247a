using System.CommandLine;
using SimdOpt.Cli.Runs;

namespace SimdOpt.Cli.Commands;

/// <summary><c>train</c>'s options for the training utilities: <c>--ema DECAY</c>, <c>--accumulate K</c> and <c>--lookahead K[,ALPHA]</c> (the plateau scheduler is a <c>--schedule</c> spec).</summary>
internal sealed class TrainingUtilityOptions
{
    private readonly Option<double?> _ema = new("--ema")
    {
        Description = "Keep an exponential moving average of the weights, a = decay * a + (1 - decay) * p after every step (the first step copies p); its training accuracy is reported beside the run's, and --checkpoint saves it. Decay in [0, 1).",
        HelpName = "decay",
    };

    private readonly Option<int> _accumulate = CommonOptions.AtLeast(new Option<int>("--accumulate")
    {
        Description = "Gradient accumulation: one optimizer step with the mean gradient of every K consecutive mini-batches (across epoch ends); the step counter of --schedule-by step counts these steps.",
        HelpName = "K",
        DefaultValueFactory = _ => 1,
    }, 1);

    private readonly Option<string> _lookahead = new("--lookahead")
    {
        Description = $"Lookahead (Zhang et al. 2019) around the optimizer: after every K-th optimizer step the slow weights move s = s + ALPHA * (f - s) and the fast weights restart from them. ALPHA in [0, 1], default {LookaheadSpec.DefaultAlpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}; --checkpoint saves the slow weights.",
        HelpName = "K[,ALPHA]",
    };

    /// <summary>Adds the options and their range checks to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_ema);
        command.Options.Add(_accumulate);
        command.Options.Add(_lookahead);
        _lookahead.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && LookaheadSpec.Parse(text, out var error) is null)
            {
                result.AddError(error!);
            }
        });
        _ema.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } decay && !(decay >= 0 && decay < 1))
            {
                result.AddError($"--ema must be in [0, 1); got {decay}.");
            }
        });
        _accumulate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() > 1 << 24)
            {
                result.AddError($"--accumulate must be at most {1 << 24} (so that 1/K is exact in float32).");
            }
        });
    }

    /// <summary><paramref name="plan"/> with the parsed options.</summary>
    public RunPlan Apply(ParseResult parseResult, RunPlan plan) => plan with
    {
        EmaDecay = parseResult.GetValue(_ema),
        AccumulationSteps = parseResult.GetValue(_accumulate),
        Lookahead = parseResult.GetValue(_lookahead) is { } text ? LookaheadSpec.Parse(text, out _) : null,
    };
}
