using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>The Markdown report: the problem, the machine, the command, the table per precision and the PNGs.</summary>
internal static class QualityReport
{
    public static string Build(QualityResult r, string command)
    {
        var s = r.Settings;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"# Adam with reduced-precision state: distance to the float32 trajectory on {r.ParameterCount:N0} parameters"));
        text.AppendLine();
        text.AppendLine("Command (from the repository root; it writes this file and the PNGs):");
        text.AppendLine();
        text.AppendLine("    " + command);
        text.AppendLine();
        text.AppendLine(Invariant($"Problem: softmax regression with {s.Features:N0} features and {s.Classes:N0} classes: a `weight` tensor of {s.Classes:N0} x {s.Features:N0} and a `bias` of {s.Classes:N0} ({r.ParameterCount:N0} parameters, all starting at 0)."));
        text.AppendLine(Invariant($"Data: a fresh batch of {s.Batch} examples per step, features uniform with mean 0 and variance 1, labels drawn from the softmax of a fixed random teacher (logits with standard deviation about {s.LogitScale}; seeds: teacher {s.TeacherSeed}, batches {s.DataSeed}, held-out {s.HeldOutSeed})."));
        text.AppendLine("Every precision sees the same batches, so they differ only by how Adam stores its state.");
        text.AppendLine(Invariant($"Adam: lr {s.LearningRate}, betas 0.9 and 0.999, eps 1e-8, {s.Steps:N0} steps. 8-bit state quantizes `weight` (at least 4,096 elements) and keeps `bias` in float32; stochastic rounding uses seed {StateVariant.StochasticSeed}."));
        text.AppendLine(Invariant($"Held-out loss: mean cross-entropy on {s.HeldOutCount:N0} examples never trained on; the teacher's own is {r.HeldOutTeacherLoss:F4} (the floor), and a student at 0 has ln({s.Classes}) = {Math.Log(s.Classes):F4}."));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {CpuModel()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}. Load average (1, 5, 15 min) {r.LoadBefore} before and {r.LoadAfter} after; the run took {r.WallSeconds:F0} s with the students on up to {s.Threads} threads."));
        text.AppendLine();

        var steps = r.ReportPoints.Select(p => p.Step).ToArray();
        text.Append("| state |");
        foreach (var step in steps)
        {
            text.Append(Invariant($" distance to float32 at {step:N0} |"));
        }

        foreach (var step in steps)
        {
            text.Append(Invariant($" held-out loss at {step:N0} |"));
        }

        text.AppendLine(Invariant($" held-out accuracy at {steps[^1]:N0} | Adam step, mean |"));
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", (2 * steps.Length) + 2)));
        for (var k = 0; k < r.Variants.Count; k++)
        {
            text.Append(Invariant($"| {r.Variants[k].Name} |"));
            foreach (var point in r.ReportPoints)
            {
                text.Append(k == 0 ? " 0 (reference) |" : Invariant($" {point.Distance[k]:G3} |"));
            }

            foreach (var point in r.ReportPoints)
            {
                text.Append(Invariant($" {point.HeldOutLoss[k]:F4} |"));
            }

            text.AppendLine(Invariant($" {r.ReportPoints[^1].HeldOutAccuracy[k]:P1} | {r.OptimizerMillisecondsPerStep[k]:F2} ms |"));
        }

        text.AppendLine();
        text.AppendLine("Distance: `||p - p_float32|| / ||p_float32||` over all parameters, at the same step. The step times are wall time inside");
        text.AppendLine("`Optimizer.Step` while the other students trained beside it on a shared machine: a rough guide, not a benchmark.");
        text.AppendLine();
        text.AppendLine(Invariant($"![Training loss per precision]({QualityPlots.LossFile})"));
        text.AppendLine();
        text.AppendLine(Invariant($"![Distance to the float32 trajectory]({QualityPlots.DistanceFile})"));
        return text.ToString();
    }

    private static string CpuModel()
    {
        const string Key = "model name";
        var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
