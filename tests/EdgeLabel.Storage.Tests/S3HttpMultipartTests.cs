using EdgeLabel.Storage.Tests.Support;

namespace EdgeLabel.Storage.Tests;

/// <summary>Multipart over plain HTTP: parts sent with UseChunkEncoding=false arrive intact even at s3rver.</summary>
public sealed class S3HttpMultipartTests(PlainS3Fixture fixture) : S3MultipartTests(fixture), IClassFixture<PlainS3Fixture>;
