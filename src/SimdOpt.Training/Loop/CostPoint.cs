namespace SimdOpt.Training.Loop;

/// <summary>The average cost over the training set after one epoch.</summary>
/// <param name="Epoch">The 0-based epoch index, as the course prints it ("Cost after epoch 0" follows the first pass).</param>
/// <param name="Cost">The summed mini-batch costs of the epoch divided by the number of examples.</param>
public readonly record struct CostPoint(int Epoch, double Cost);
