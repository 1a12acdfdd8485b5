using System.Text;
using EdgeLabel.Dataset.Import;

namespace EdgeLabel.Dataset.Tests.Import;

public class ManifestLinesSpecs
{
    [Fact]
    public void Json_lines_keep_their_line_numbers_across_blank_and_bad_lines()
    {
        var records = ManifestLines.Read(Encoding.UTF8.GetBytes("{\"a\":1}\n\n{bad\r\n{\"b\":2}\n")).ToList();

        Assert.Equal([1, 3, 4], records.Select(r => r.Line));
        Assert.Equal([true, false, true], records.Select(r => r.Document is not null));
        Assert.NotNull(records[1].Error);
        foreach (var r in records) r.Document?.Dispose();
    }

    [Fact]
    public void Pretty_printed_objects_are_read_as_a_sequence_starting_on_their_first_line()
    {
        var records = ManifestLines.Read(Encoding.UTF8.GetBytes("\uFEFF{\n  \"a\": 1\n}\n\n{\n  \"b\": [\n 2 ]\n}\n")).ToList();

        Assert.Equal([1, 5], records.Select(r => r.Line));
        Assert.Equal(2, records[1].Document!.RootElement.GetProperty("b")[0].GetInt32());
        foreach (var r in records) r.Document?.Dispose();
    }
}
