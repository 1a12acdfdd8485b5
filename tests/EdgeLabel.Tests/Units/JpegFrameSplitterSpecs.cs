using EdgeLabel.Actors.Camera;

namespace EdgeLabel.Tests.Units;

public sealed class JpegFrameSplitterSpecs
{
    // SOI, a segment, entropy data with a stuffed FF 00, EOI.
    private static byte[] Frame(byte tag) => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, tag, tag, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9];

    private static List<byte[]> PushAll(JpegFrameSplitter splitter, params byte[][] chunks) =>
        chunks.SelectMany(c => splitter.Push(c)).ToList();

    [Fact]
    public void Whole_frames_in_one_chunk_are_split_at_each_end_marker()
    {
        var stream = Frame(1).Concat(Frame(2)).Concat(Frame(3)).ToArray();
        var frames = new JpegFrameSplitter().Push(stream);
        Assert.Equal([Frame(1), Frame(2), Frame(3)], frames);
    }

    [Fact]
    public void Frames_split_across_chunks_at_every_possible_boundary_come_out_whole()
    {
        var stream = Frame(1).Concat(Frame(2)).ToArray();
        for (var cut = 1; cut < stream.Length; cut++)
        {
            var frames = PushAll(new JpegFrameSplitter(), stream[..cut], stream[cut..]);
            Assert.Equal([Frame(1), Frame(2)], frames);
        }
    }

    [Fact]
    public void An_end_marker_split_between_two_chunks_ends_the_frame()
    {
        var frame = Frame(7);
        var splitter = new JpegFrameSplitter();
        Assert.Empty(splitter.Push(frame[..^1])); // ends with FF
        var frames = splitter.Push(frame[^1..].Concat(Frame(8)).ToArray()); // starts with D9
        Assert.Equal([frame, Frame(8)], frames);
    }

    [Fact]
    public void One_byte_chunks_give_the_same_frames()
    {
        var stream = Frame(1).Concat(Frame(2)).ToArray();
        var frames = PushAll(new JpegFrameSplitter(), stream.Select(b => new[] { b }).ToArray());
        Assert.Equal([Frame(1), Frame(2)], frames);
    }

    [Fact]
    public void A_stream_without_end_markers_is_refused_once_over_the_frame_limit()
    {
        var splitter = new JpegFrameSplitter(maxFrameBytes: 16);
        Assert.Empty(splitter.Push(new byte[16]));
        Assert.Throws<InvalidDataException>(() => splitter.Push(new byte[1]));
    }
}
