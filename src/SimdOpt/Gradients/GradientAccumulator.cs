using System.Numerics.Tensors;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Gradients;

/// <summary>
/// Gradient accumulation (Optax <c>MultiSteps</c>): the gradients of <c>k</c> micro-batches are summed into one
/// buffer, then one optimizer step is taken with their mean. The sum is exact float addition in the order the
/// micro-batches arrive (<c>s = g1</c>, then <c>s = s + g2</c>, …, element by element); the step's gradient is
/// <c>s / (float)k</c>, one division per element inside the optimizer's own pass (the first operation of its gradient
/// transform, a compile-time choice, so a step without accumulation does no division); the sum is not rewritten.
/// </summary>
/// <remarks>
/// A micro-batch with a NaN or infinite element follows the accumulator's <see cref="NonFiniteGradientPolicy"/>:
/// <see cref="NonFiniteGradientPolicy.Propagate"/> adds it (the non-finite values reach the step, where the
/// optimizer's own policy applies); <see cref="NonFiniteGradientPolicy.Skip"/> drops it without counting it (Optax's
/// <c>skip_not_finite</c>: the window then needs one more finite micro-batch); <see cref="NonFiniteGradientPolicy.Throw"/>
/// throws <see cref="NonFiniteGradientException"/> before anything is added. Nothing here allocates after construction.
/// </remarks>
public sealed class GradientAccumulator
{
    private readonly ParameterBuffer _sum;

    /// <summary>Creates the accumulator.</summary>
    /// <param name="layout">The gradients' layout.</param>
    /// <param name="steps">Micro-batches per optimizer step (<c>k</c>); in [1, 2^24], so that <c>(float)k</c> is exact.</param>
    /// <param name="nonFiniteGradients">What a micro-batch with a NaN or infinite element does.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public GradientAccumulator(ParameterLayout layout, int steps, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, 1 << 24);
        if (!Enum.IsDefined(nonFiniteGradients))
        {
            throw new ArgumentOutOfRangeException(nameof(nonFiniteGradients), nonFiniteGradients, "Unknown non-finite gradient policy.");
        }

        _sum = new ParameterBuffer(layout);
        Steps = steps;
        NonFiniteGradients = nonFiniteGradients;
    }

    /// <summary>Micro-batches per optimizer step.</summary>
    public int Steps { get; }

    /// <summary>What a non-finite micro-batch does.</summary>
    public NonFiniteGradientPolicy NonFiniteGradients { get; }

    /// <summary>Micro-batches summed in the current window (0 to <see cref="Steps"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Whether the window is full and <see cref="Step"/> may run.</summary>
    public bool IsReady => Count == Steps;

    /// <summary>The running sum of the current window (read only; its contents are undefined when <see cref="Count"/> is 0).</summary>
    public ReadOnlySpan<float> Sum => _sum.Span;

    /// <summary>Adds one micro-batch's gradients to the window.</summary>
    /// <returns><see cref="StepOutcome.Applied"/> when added, <see cref="StepOutcome.Skipped"/> when dropped under <see cref="NonFiniteGradientPolicy.Skip"/>.</returns>
    /// <exception cref="ArgumentException">The length differs from the layout's, or the span overlaps the sum.</exception>
    /// <exception cref="InvalidOperationException">The window is already full: call <see cref="Step"/> first.</exception>
    /// <exception cref="NonFiniteGradientException">A non-finite element under <see cref="NonFiniteGradientPolicy.Throw"/>.</exception>
    public StepOutcome Add(ReadOnlySpan<float> gradients)
    {
        var sum = _sum.Span;
        if (gradients.Length != sum.Length)
        {
            throw new ArgumentException($"The gradients span has {gradients.Length} elements; the layout has {sum.Length}.", nameof(gradients));
        }

        if (gradients.Overlaps(sum))
        {
            throw new ArgumentException("The gradients overlap the accumulator's sum.", nameof(gradients));
        }

        if (IsReady)
        {
            throw new InvalidOperationException($"The window already holds {Steps} micro-batches; call Step before adding more.");
        }

        if (NonFiniteGradients != NonFiniteGradientPolicy.Propagate && !TensorPrimitives.IsFiniteAll(gradients))
        {
            if (NonFiniteGradients == NonFiniteGradientPolicy.Throw)
            {
                var index = 0;
                for (var i = 0; i < gradients.Length; i++)
                {
                    if (!float.IsFinite(gradients[i]))
                    {
                        index = i;
                        break;
                    }
                }

                throw new NonFiniteGradientException(index, gradients[index], _sum.Layout.Tensors.LastOrDefault(t => t.Offset <= index)?.Name);
            }

            return StepOutcome.Skipped;
        }

        if (Count == 0)
        {
            gradients.CopyTo(sum);
        }
        else
        {
            TensorPrimitives.Add(sum, gradients, sum);
        }

        Count++;
        return StepOutcome.Applied;
    }

    /// <summary>
    /// Takes one step of <paramref name="optimizer"/> with the sum divided by <c>(float)</c><see cref="Steps"/> inside the
    /// step's pass, then starts a new window. The optimizer validates its buffers before it writes, so a throw changes nothing.
    /// </summary>
    /// <returns>The optimizer's outcome.</returns>
    /// <exception cref="InvalidOperationException">The window is not full.</exception>
    /// <exception cref="ArgumentException">The optimizer's or the parameters' layout differs from the accumulator's.</exception>
    public StepOutcome Step(Optimizer optimizer, ParameterBuffer parameters)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!IsReady)
        {
            throw new InvalidOperationException($"The window holds {Count} of {Steps} micro-batches.");
        }

        if (!optimizer.Layout.Equals(_sum.Layout) || !parameters.Layout.Equals(_sum.Layout))
        {
            throw new ArgumentException("The optimizer, the parameters and the accumulator must share one layout.", nameof(optimizer));
        }

        // PrepareStep applies the optimizer's non-finite policy to the sum before anything is written; dividing by k
        // keeps finite values finite and non-finite ones non-finite, so its verdict holds for the mean too. The step
        // divides by (float)k inside its own pass (the gradient transform's first operation).
        var step = optimizer.PrepareSummedStep(_sum.Span, Steps);
        if (!step.IsSkipped)
        {
            optimizer.ApplyStep(step, parameters.Span, _sum.Span, 0, _sum.Length);
        }

        Count = 0;
        return optimizer.CompleteStep(step);
    }

    /// <summary>Drops the current window.</summary>
    public void Reset() => Count = 0;
}
