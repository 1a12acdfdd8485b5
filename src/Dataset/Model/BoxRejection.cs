namespace EdgeLabel.Dataset.Model;

/// <summary>A box <see cref="BoxValidation"/> refused, with its position in the input and why.</summary>
public sealed record BoxRejection(int Index, LabeledBox Box, string Reason);
