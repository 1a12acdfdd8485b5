using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace EdgeLabel.Actors.Serialization;

/// <summary>System.Text.Json with stable string manifests for every <see cref="IEdgeLabelMessage"/>.
/// Types missing from <see cref="MessageManifests"/> are refused instead of falling back to CLR type names.</summary>
public sealed class EdgeLabelSerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id; ids below 100 are reserved by Akka itself.</summary>
    public const int SerializerId = 5150;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public EdgeLabelSerializer(ExtendedActorSystem system) : base(system) { }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        MessageManifests.TryGetManifest(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no manifest in {nameof(MessageManifests)}; register it before persisting or sending it");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj); // refuse unregistered types before writing anything
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), JsonOptions);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!MessageManifests.TryGetType(manifest, out var type))
            throw new SerializationException($"unknown manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, type, JsonOptions)
               ?? throw new SerializationException($"payload for '{manifest}' deserialized to null");
    }
}
