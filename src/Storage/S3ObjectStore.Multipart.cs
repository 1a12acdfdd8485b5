using System.Security.Cryptography;
using Amazon.S3.Model;

namespace EdgeLabel.Storage;

/// <summary>Multipart upload: parts carry their own Content-MD5 and the result is checked by size with a HEAD.</summary>
public sealed partial class S3ObjectStore
{
    private async Task<StoredObject> PutMultipartAsync(ObjectUri uri, Stream content, string contentType,
        IReadOnlyDictionary<string, string> meta, CancellationToken ct)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = uri.Bucket, Key = uri.Key, ContentType = contentType };
        foreach (var (name, value) in meta) initiate.Metadata.Add(name, value);
        var started = await CallAsync(c => _client.InitiateMultipartUploadAsync(initiate, c), "initiate multipart", uri.ToString(), ct)
            .ConfigureAwait(false);
        var uploadId = started.UploadId;
        try
        {
            using var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var parts = new List<PartETag>();
            var buffer = new byte[_settings.MultipartPartBytes];
            long total = 0;
            while (true)
            {
                var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                if (read == 0 && parts.Count > 0) break;
                whole.AppendData(buffer, 0, read);
                var partNumber = parts.Count + 1;
                var etag = await UploadPartAsync(uri, uploadId, partNumber, buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, etag));
                total += read;
                if (read < buffer.Length) break;
            }
            var complete = new CompleteMultipartUploadRequest { BucketName = uri.Bucket, Key = uri.Key, UploadId = uploadId, PartETags = parts };
            var completed = await CallAsync(c => _client.CompleteMultipartUploadAsync(complete, c), "complete multipart", uri.ToString(), ct)
                .ConfigureAwait(false);
            // Parts were MD5-checked one by one; the HEAD catches a server that assembled them wrongly.
            var head = await HeadAsync(uri, ct).ConfigureAwait(false);
            if (head is null || head.Size != total)
                throw new ObjectIntegrityException($"S3 multipart put of {uri}: stored size {head?.Size.ToString() ?? "none"} differs from {total} sent");
            return new StoredObject(uri, total, Unquote(completed.ETag), Convert.ToHexStringLower(whole.GetHashAndReset()))
            {
                Metadata = meta,
                ContentType = contentType,
            };
        }
        catch
        {
            await AbortQuietlyAsync(uri, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string> UploadPartAsync(ObjectUri uri, string uploadId, int partNumber, ReadOnlyMemory<byte> part, CancellationToken ct)
    {
        var md5 = MD5.HashData(part.Span);
        var md5Hex = Convert.ToHexStringLower(md5);
        string? lastETag = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var request = new UploadPartRequest
            {
                BucketName = uri.Bucket,
                Key = uri.Key,
                UploadId = uploadId,
                PartNumber = partNumber,
                InputStream = MemoryStreams.Open(part),
                PartSize = part.Length,
                MD5Digest = Convert.ToBase64String(md5),
                UseChunkEncoding = false,
            };
            if (_settings.DisablePayloadSigning) request.DisablePayloadSigning = true;
            var response = await CallAsync(c => _client.UploadPartAsync(request, c), $"upload part {partNumber}", uri.ToString(), ct)
                .ConfigureAwait(false);
            lastETag = Unquote(response.ETag);
            if (string.Equals(lastETag, md5Hex, StringComparison.OrdinalIgnoreCase)) return response.ETag!;
        }
        throw new ObjectIntegrityException($"S3 multipart put of {uri}: part {partNumber} ETag '{lastETag}' differs from its MD5 {md5Hex} twice");
    }

    private async Task AbortQuietlyAsync(ObjectUri uri, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still release its parts, which S3 bills for.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = uri.Bucket, Key = uri.Key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort; a bucket lifecycle rule for incomplete uploads is the real safety net.
        }
    }
}
