using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;

namespace EdgeLabel.Storage;

/// <summary>Gives the S3 client an HttpClient that also trusts one extra root certificate (a site's self-signed server).</summary>
/// <remarks>Scoped to this client on purpose: adding the cert to the machine store would trust it for everything.</remarks>
internal sealed class TrustedCertificateHttpClientFactory(X509Certificate2 trustedRoot) : HttpClientFactory
{
    public static TrustedCertificateHttpClientFactory FromPemFile(string path) =>
        new(X509Certificate2.CreateFromPem(File.ReadAllText(path)));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
        };
        return new HttpClient(handler) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        // Only an unknown root may be overridden; a host name mismatch or missing certificate stays fatal.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(trustedRoot);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
