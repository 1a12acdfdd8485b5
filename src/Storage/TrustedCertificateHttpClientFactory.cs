using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;

namespace EdgeLabel.Storage;

/// <summary>Gives the S3 client an HttpClient that also trusts one extra root certificate (a site's self-signed server).</summary>
internal sealed class TrustedCertificateHttpClientFactory(X509Certificate2 trustedRoot) : HttpClientFactory
{
    public static TrustedCertificateHttpClientFactory FromPemFile(string path) => new(CustomRootTrust.LoadPem(path));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = CustomRootTrust.Callback(trustedRoot) },
        };
        return new HttpClient(handler) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };
    }
}
