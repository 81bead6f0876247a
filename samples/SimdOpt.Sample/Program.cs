using System.Numerics.Tensors;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;

// Fits the parameters of a small "model" to a target with AdamW, checkpoints halfway, resumes in fresh
// objects, and exports the weights as safetensors.
var layout = new ParameterLayout.Builder().Add("W", 16, 8).Add("b", 16).Build();
var target = new ParameterBuffer(layout);
for (var i = 0; i < target.Length; i++)
{
    target.Span[i] = MathF.Sin(i);
}

var parameters = new ParameterBuffer(layout);
var gradients = parameters.CreateSibling();
var adam = new Adam(layout, learningRate: 0.05, AdamOptions.AdamW(weightDecay: 0.001));

float Loss() => TensorPrimitives.Distance(parameters.Span, target.Span);

void Train(Optimizer optimizer, int steps)
{
    for (var i = 0; i < steps; i++)
    {
        TensorPrimitives.Subtract(parameters.Span, target.Span, gradients.Span); // d/dp of 0.5*|p - target|^2
        optimizer.Step(parameters, gradients);
    }
}

Console.WriteLine($"step {adam.StepCount,3}: distance to target {Loss():F4}");
Train(adam, 50);
Console.WriteLine($"step {adam.StepCount,3}: distance to target {Loss():F4}");

var folder = Directory.CreateTempSubdirectory("simdopt-sample-").FullName;
var checkpoint = Path.Combine(folder, "sample.ckpt");
Checkpoint.Save(checkpoint, adam, parameters, counter: 1);

var resumed = new Adam(layout, learningRate: 0.05, AdamOptions.AdamW(weightDecay: 0.001));
var info = Checkpoint.Load(checkpoint, resumed, parameters);
Console.WriteLine($"resumed {info.Kind} at step {info.StepCount} (counter {info.Counter}) from {new FileInfo(checkpoint).Length} bytes");
Train(resumed, 50);
Console.WriteLine($"step {resumed.StepCount,3}: distance to target {Loss():F4}");

var weights = Path.Combine(folder, "sample.safetensors");
SafeTensors.Save(weights, parameters, new Dictionary<string, string> { ["format"] = "pt" });
var copy = new ParameterBuffer(layout);
SafeTensors.Load(weights, copy);
Console.WriteLine($"safetensors round trip of {copy.Length} floats: {(copy.Span.SequenceEqual(parameters.Span) ? "identical" : "DIFFERENT")}");
Directory.Delete(folder, recursive: true);
return Loss() < 0.5f && copy.Span.SequenceEqual(parameters.Span) ? 0 : 1;
