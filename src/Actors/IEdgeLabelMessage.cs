namespace EdgeLabel.Actors;

/// <summary>Marker for every message that is persisted or crosses the network; it binds our serializer
/// (see <see cref="Serialization.EdgeLabelSerializer"/>), so no CLR type names end up in a journal row.</summary>
public interface IEdgeLabelMessage;
