using System.Diagnostics;
using System.Numerics.Tensors;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>
/// Trains one student per <see cref="StateVariant"/> side by side on the same stream of teacher batches: at each step
/// one batch is drawn, then every student takes its step on it (students in parallel, each on one thread). Records the
/// loss curves, and at the report steps each student's distance to the float32 student and its held-out loss.
/// </summary>
internal static class QualityExperiment
{
    public static QualityResult Run(QualitySettings s, TextWriter log)
    {
        var loadBefore = LoadAverage();
        var wall = Stopwatch.StartNew();
        var task = new TeacherTask(s.Features, s.Classes, s.LogitScale, s.TeacherSeed);
        var heldOut = new HeldOutSet(task, s.HeldOutCount, s.Batch, s.HeldOutSeed);
        var layout = Model.Layout(s.Features, s.Classes);
        var variants = StateVariant.All;
        var runs = variants.Select(v => new PrecisionRun(v, layout, s.LearningRate, s.Batch)).ToArray();
        var random = new Random(s.DataSeed);
        var x = new float[s.Batch * s.Features];
        var labels = new int[s.Batch];
        var teacherLogits = new float[s.Batch * s.Classes];
        var losses = new double[runs.Length];
        var windowLoss = new double[runs.Length];
        var windowTeacher = 0.0;
        var curve = new List<CurvePoint>();
        var reportPoints = new List<ReportPoint>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = s.Threads };
        var reportSteps = s.ReportSteps;
        log.WriteLine($"held-out teacher loss {heldOut.TeacherLoss:F4}; {layout.TotalLength:N0} parameters; {runs.Length} students on up to {s.Threads} threads");
        for (var step = 1; step <= s.Steps; step++)
        {
            windowTeacher += task.NextBatch(random, x, labels, teacherLogits);
            Parallel.For(0, runs.Length, parallel, k => losses[k] = runs[k].Train(x, labels));
            for (var k = 0; k < runs.Length; k++)
            {
                windowLoss[k] += losses[k];
            }

            if (step % s.Window == 0 || step == s.Steps)
            {
                var examples = (double)s.Batch * (((step - 1) % s.Window) + 1);
                curve.Add(new CurvePoint(step, [.. windowLoss.Select(l => l / examples)], windowTeacher / examples, Distances(runs)));
                Array.Clear(windowLoss);
                windowTeacher = 0;
            }

            if (reportSteps.Contains(step))
            {
                var evaluated = new (double Loss, double Accuracy)[runs.Length];
                Parallel.For(0, runs.Length, parallel, k => evaluated[k] = runs[k].Evaluate(heldOut));
                reportPoints.Add(new ReportPoint(step, Distances(runs), [.. evaluated.Select(e => e.Loss)], [.. evaluated.Select(e => e.Accuracy)]));
            }

            if (step % 1000 == 0 || step == s.Steps)
            {
                log.WriteLine($"step {step}: {wall.Elapsed.TotalSeconds:F0} s; window loss {string.Join(", ", variants.Select((v, k) => $"{v.Name} {curve[^1].MeanLoss[k]:F4}"))}");
            }
        }

        return new QualityResult(
            s,
            variants,
            layout.TotalLength,
            curve,
            reportPoints,
            [.. runs.Select(r => 1000.0 * r.OptimizerSeconds / s.Steps)],
            heldOut.TeacherLoss,
            wall.Elapsed.TotalSeconds,
            loadBefore,
            LoadAverage());
    }

    /// <summary><c>||p_k - p_0|| / ||p_0||</c> over every parameter, for every run k (run 0 is the float32 reference).</summary>
    private static double[] Distances(PrecisionRun[] runs)
    {
        var reference = runs[0].Parameters.Span;
        var norm = (double)TensorPrimitives.Norm(reference);
        var distances = new double[runs.Length];
        for (var k = 0; k < runs.Length; k++)
        {
            distances[k] = TensorPrimitives.Distance(runs[k].Parameters.Span, reference) / norm;
        }

        return distances;
    }

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown".</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
