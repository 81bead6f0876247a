using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Reference;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>Rules that must agree with each other.</summary>
public class RelationProperties
{
    /// <summary>
    /// |g| in [2^-63, 2^63]: then g*g is a normal float32 (neither underflows to a subnormal or 0, nor
    /// overflows), and sqrt(fl(g*g)) = |g| exactly, so Adam with beta1 = beta2 = 0 is normalized SGD.
    /// Zeros are included (sqrt(0) = 0 = |0|).
    /// </summary>
    private static readonly float Smallest = MathF.ScaleB(1f, -63);
    private static readonly float Largest = MathF.ScaleB(1f, 63);

    private static readonly Gen<float> SquareSafe = Gen.Frequency(
        (8, Values.Float.Where(x => x == 0 || (MathF.Abs(x) >= Smallest && MathF.Abs(x) <= Largest))),
        (1, Gen.Elements(Smallest, -Largest, Largest)));

    private sealed record Pair(double LearningRate, double Epsilon, float[] Parameters, float[] Gradients);

    private static Arbitrary<Pair> Pairs(Gen<float> gradientValues) =>
        (from lr in Values.LearningRate
         from eps in Values.Epsilon
         from n in Values.Length
         from p in Gen.ArrayOf(Values.Float.Where(x => MathF.Abs(x) < 1e30f), n)
         from g in Gen.ArrayOf(gradientValues, n)
         select new Pair(lr, eps, p, g)).ToArbitrary();

    [Fact]
    public void Adam_with_zero_betas_is_normalized_sgd() =>
        PropertySettings.Check(Pairs(SquareSafe), c =>
        {
            var n = c.Parameters.Length;
            var adam = new Adam(Stepping.SingleTensor(n), c.LearningRate, new AdamOptions { Beta1 = 0, Beta2 = 0, Epsilon = c.Epsilon });
            var actual = (float[])c.Parameters.Clone();
            var expected = (float[])c.Parameters.Clone();
            var g = new float[n];
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(c.Gradients, t, g);
                adam.Step(actual, g);
                ReferenceNormalizedSgd.Step(expected, g, c.LearningRate, c.Epsilon);
            }

            // Numeric equality: the two differ only in the sign of zero results (0 * m + (-0) is +0).
            Bits.NumericallyEqual(expected, actual, "Adam(beta1 = beta2 = 0) vs normalized SGD");
        });

    /// <summary>
    /// rho = 1 freezes both averages at 0 (<c>1 * 0 + 0 * x</c> is 0 for finite x), so <c>delta = sqrt(eps / eps) * g = g</c>
    /// exactly and Adadelta is plain SGD; gradients are kept finite with finite squares.
    /// </summary>
    [Fact]
    public void Adadelta_with_rho_one_is_sgd() =>
        PropertySettings.Check(Pairs(SquareSafe), c =>
        {
            var n = c.Parameters.Length;
            var adadelta = new Adadelta(Stepping.SingleTensor(n), c.LearningRate, new AdadeltaOptions { Rho = 1, Epsilon = c.Epsilon });
            var actual = (float[])c.Parameters.Clone();
            var expected = (float[])c.Parameters.Clone();
            var g = new float[n];
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(c.Gradients, t, g);
                adadelta.Step(actual, g);
                ReferenceSgd.Step(expected, g, [], new SgdOptions(), c.LearningRate, t);
            }

            Bits.Equal(expected, actual, "Adadelta(rho = 1) vs SGD");
        });

    [Fact]
    public void Moving_average_momentum_with_zero_beta_is_sgd() =>
        PropertySettings.Check(Pairs(Values.Float), c =>
        {
            var n = c.Parameters.Length;
            var layout = Stepping.SingleTensor(n);
            var momentum = new MovingAverageMomentum(layout, c.LearningRate, new MovingAverageMomentumOptions { Beta = 0 });
            var sgd = new Sgd(layout, c.LearningRate);
            var actual = (float[])c.Parameters.Clone();
            var expected = (float[])c.Parameters.Clone();
            var g = new float[n];
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(c.Gradients, t, g);
                momentum.Step(actual, g);
                sgd.Step(expected, g);
            }

            Bits.NumericallyEqual(expected, actual, "MovingAverageMomentum(beta = 0) vs SGD");
        });
}
