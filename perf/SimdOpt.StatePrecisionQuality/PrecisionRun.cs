using System.Diagnostics;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>
/// One student trained with one <see cref="StateVariant"/>: its parameters (weights from 0), gradient buffer and scratch,
/// its Adam, and the time its optimizer steps took.
/// </summary>
internal sealed class PrecisionRun
{
    private readonly Adam _adam;
    private readonly ParameterBuffer _gradients;
    private readonly float[] _logits;
    private readonly Stopwatch _optimizerTime = new();

    public PrecisionRun(StateVariant variant, ParameterLayout layout, double learningRate, int batch)
    {
        Variant = variant;
        _adam = new Adam(layout, learningRate, variant.Options);
        Parameters = new ParameterBuffer(layout);
        _gradients = Parameters.CreateSibling();
        _logits = new float[batch * layout[Model.Bias].Length];
    }

    public StateVariant Variant { get; }

    public ParameterBuffer Parameters { get; }

    /// <summary>Seconds spent in <see cref="Optimizer.Step(ParameterBuffer, ParameterBuffer)"/> so far.</summary>
    public double OptimizerSeconds => _optimizerTime.Elapsed.TotalSeconds;

    /// <summary>One training step on the batch; returns the batch's summed cross-entropy before the step.</summary>
    public double Train(float[] x, int[] labels)
    {
        SoftmaxRegression.Logits(Parameters[Model.Weight], Parameters[Model.Bias], x, labels.Length, _logits);
        var loss = SoftmaxRegression.CrossEntropy(_logits, labels);
        SoftmaxRegression.Gradient(_logits, labels, x, _gradients[Model.Weight], _gradients[Model.Bias]);
        _optimizerTime.Start();
        _adam.Step(Parameters, _gradients);
        _optimizerTime.Stop();
        return loss;
    }

    /// <summary>The mean cross-entropy and the share of labels that are the argmax, over a held-out set evaluated in batches.</summary>
    public (double Loss, double Accuracy) Evaluate(HeldOutSet data)
    {
        var batch = _logits.Length / Parameters[Model.Bias].Length;
        var classes = Parameters[Model.Bias].Length;
        var loss = 0.0;
        var correct = 0;
        for (var start = 0; start < data.Labels.Length; start += batch)
        {
            var labels = data.Labels.AsSpan(start, batch);
            var x = data.Features.AsSpan(start * data.FeatureCount, batch * data.FeatureCount);
            SoftmaxRegression.Logits(Parameters[Model.Weight], Parameters[Model.Bias], x, batch, _logits);
            for (var i = 0; i < batch; i++)
            {
                correct += SoftmaxRegression.ArgMax(_logits.AsSpan(i * classes, classes)) == labels[i] ? 1 : 0;
            }

            loss += SoftmaxRegression.CrossEntropy(_logits, labels);
        }

        return (loss / data.Labels.Length, (double)correct / data.Labels.Length);
    }
}
