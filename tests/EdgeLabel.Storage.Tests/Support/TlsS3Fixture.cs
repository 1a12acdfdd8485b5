namespace EdgeLabel.Storage.Tests.Support;

/// <summary>s3rver over HTTPS with a self-signed certificate: needed for multipart, whose parts s3rver only stores intact unsigned.</summary>
public sealed class TlsS3Fixture() : S3Fixture(tls: true);
