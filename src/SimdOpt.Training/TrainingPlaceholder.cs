namespace SimdOpt.Training;

/// <summary>Marks the assembly; replaced by the training library.</summary>
internal static class TrainingPlaceholder;
