namespace SimdOpt.StatePrecisionQuality;

/// <summary>Examples of the teacher task drawn from their own seed, never trained on; the teacher's mean cross-entropy on them.</summary>
internal sealed class HeldOutSet
{
    public HeldOutSet(TeacherTask task, int count, int batch, int seed)
    {
        if (count % batch != 0)
        {
            throw new ArgumentException($"The held-out set ({count}) must be a multiple of the batch ({batch}).", nameof(count));
        }

        FeatureCount = task.Features;
        Features = new float[count * task.Features];
        Labels = new int[count];
        var random = new Random(seed);
        var x = new float[batch * task.Features];
        var labels = new int[batch];
        var logits = new float[batch * task.Classes];
        var loss = 0.0;
        for (var start = 0; start < count; start += batch)
        {
            loss += task.NextBatch(random, x, labels, logits);
            x.CopyTo(Features, start * task.Features);
            labels.CopyTo(Labels, start);
        }

        TeacherLoss = loss / count;
    }

    public int FeatureCount { get; }

    public float[] Features { get; }

    public int[] Labels { get; }

    /// <summary>The teacher's mean cross-entropy on these labels: about the best loss a student can reach.</summary>
    public double TeacherLoss { get; }
}
