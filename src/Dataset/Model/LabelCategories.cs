using System.Collections;

namespace EdgeLabel.Dataset.Model;

/// <summary>The dataset's ordered class names; a class id is the index of its name.</summary>
/// <remarks>Names must be non-blank and unique, since every export maps ids to names and some map names back.</remarks>
public sealed class LabelCategories : IReadOnlyList<string>
{
    private readonly string[] _names;
    private readonly Dictionary<string, int> _ids;

    public LabelCategories(IEnumerable<string> names)
    {
        _names = names.ToArray();
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < _names.Length; id++)
        {
            if (string.IsNullOrWhiteSpace(_names[id]))
                throw new ArgumentException($"class {id} has a blank name", nameof(names));
            if (!_ids.TryAdd(_names[id], id))
                throw new ArgumentException($"class name '{_names[id]}' appears twice (ids {_ids[_names[id]]} and {id})", nameof(names));
        }
    }

    /// <summary>Builds the dense list from a sparse id → name map (a Ground Truth class-map); ids it leaves out are
    /// named "class {id}" so that every id keeps its index.</summary>
    public static LabelCategories FromClassMap(IReadOnlyDictionary<int, string> classMap)
    {
        if (classMap.Keys.Any(id => id < 0)) throw new ArgumentException("class ids must not be negative", nameof(classMap));
        var count = classMap.Count == 0 ? 0 : classMap.Keys.Max() + 1;
        return new LabelCategories(Enumerable.Range(0, count).Select(id => classMap.TryGetValue(id, out var n) ? n : $"class {id}"));
    }

    public int Count => _names.Length;

    public string this[int classId] => _names[classId];

    public bool Contains(int classId) => classId >= 0 && classId < _names.Length;

    public bool TryGetId(string name, out int classId) => _ids.TryGetValue(name, out classId);

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_names).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _names);
}
