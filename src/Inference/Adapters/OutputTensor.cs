namespace EdgeLabel.Inference.Adapters;

/// <summary>One model output for ONE batch item: a view of the run's buffer, dimensions with the batch dim set to 1.</summary>
public readonly record struct OutputTensor(string Name, ReadOnlyMemory<float> Data, int[] Dimensions)
{
    public override string ToString() => $"{Name}[{string.Join(',', Dimensions)}]";
}
