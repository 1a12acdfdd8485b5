namespace EdgeLabel.Storage.Tests.Support;

/// <summary>s3rver over plain HTTP: the common developer setup, where only UseChunkEncoding=false keeps PUT bodies intact.</summary>
public sealed class PlainS3Fixture() : S3Fixture(tls: false);
