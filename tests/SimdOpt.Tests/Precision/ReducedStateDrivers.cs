using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;
using SimdOpt.Threading;

namespace SimdOpt.Tests.Precision;

/// <summary>The two ways the reduced-precision state tests drive an optimizer: whole steps against ranges, one thread against two.</summary>
public static class ReducedStateDrivers
{
    /// <summary>
    /// Step <paramref name="t"/>: whole when t is odd; when even, <c>PrepareStep</c>, <c>ApplyStep</c> over the ranges between
    /// consecutive <paramref name="bounds"/> (sorted, from 0 to the length) from the last to the first, <c>CompleteStep</c>.
    /// </summary>
    public static void StepWholeOrReversedRanges(Optimizer optimizer, float[] parameters, float[] gradients, int[] bounds, long t)
    {
        if (t % 2 == 1)
        {
            optimizer.Step(parameters, gradients);
            return;
        }

        var step = optimizer.PrepareStep(gradients);
        for (var k = bounds.Length - 2; k >= 0; k--)
        {
            optimizer.ApplyStep(step, parameters, gradients, bounds[k], bounds[k + 1] - bounds[k]);
        }

        optimizer.CompleteStep(step);
    }

    /// <summary>
    /// Steps <paramref name="single"/> whole and <paramref name="split"/> on two <see cref="StepWorkers"/> (threshold 1)
    /// <see cref="Stepping.Steps"/> times on <paramref name="lane"/>, from the same parameters and gradients, and asserts the
    /// parameters are the same bits; the caller compares the state.
    /// </summary>
    public static void StepOneThreadAndTwo(ParameterLayout layout, Optimizer single, Optimizer split, string lane)
    {
        var p1 = new ParameterBuffer(layout);
        var p2 = p1.CreateSibling();
        var gradients = p1.CreateSibling();
        var drawn = new float[layout.TotalLength];
        AllRules.Fill(p1.Span, 1);
        p2.CopyFrom(p1);
        AllRules.Fill(drawn, 2);
        using var workers = new StepWorkers(2, threshold: 1);
        Lanes.Run(lane, () =>
        {
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(drawn, t, gradients.Span);
                single.Step(p1, gradients);
                split.Step(p2, gradients, workers);
            }
        });

        Bits.Equal(p1.Span, p2.Span, "parameters");
    }
}
