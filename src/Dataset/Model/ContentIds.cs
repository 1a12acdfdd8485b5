using System.Security.Cryptography;
using System.Text;

namespace EdgeLabel.Dataset.Model;

/// <summary>Content ids: lowercase SHA-256 hex. Exports name files by them, so only valid ids are accepted there.</summary>
public static class ContentIds
{
    public const int Length = 64;

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The id of a text's UTF-8 bytes; used for images known only by their URI (see the Ground Truth import).</summary>
    public static string OfText(string text) => Of(Encoding.UTF8.GetBytes(text));

    /// <summary>Throws unless <paramref name="id"/> is valid, since it is about to become a file name.</summary>
    public static string Require(string id) =>
        IsValid(id) ? id : throw new ArgumentException($"content id '{id}' is not a lowercase SHA-256 hex string", nameof(id));
}
