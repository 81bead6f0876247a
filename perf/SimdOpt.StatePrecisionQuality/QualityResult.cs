namespace SimdOpt.StatePrecisionQuality;

/// <summary>One point of the curves: the mean mini-batch loss of each variant and of the teacher over the window ending at <see cref="Step"/>, and each variant's relative L2 distance to float32 there.</summary>
internal sealed record CurvePoint(int Step, double[] MeanLoss, double TeacherLoss, double[] Distance);

/// <summary>The measurements at one report step, per variant.</summary>
internal sealed record ReportPoint(int Step, double[] Distance, double[] HeldOutLoss, double[] HeldOutAccuracy);

/// <summary>Everything the report and the plots show.</summary>
internal sealed record QualityResult(
    QualitySettings Settings,
    IReadOnlyList<StateVariant> Variants,
    int ParameterCount,
    IReadOnlyList<CurvePoint> Curve,
    IReadOnlyList<ReportPoint> ReportPoints,
    double[] OptimizerMillisecondsPerStep,
    double HeldOutTeacherLoss,
    double WallSeconds,
    string LoadBefore,
    string LoadAfter);
