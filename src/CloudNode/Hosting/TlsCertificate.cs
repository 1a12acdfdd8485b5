using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.CloudNode.Hosting;

/// <summary>Loads the TLS listener's certificate and key; a missing or mismatched file stops the node with the key path.</summary>
public static class TlsCertificate
{
    public static X509Certificate2 Load(TlsListenerSettings tls)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
            return certificate.HasPrivateKey ? certificate
                : throw new ConfigurationException("edgelabel.cloud.http.tls.key", $"{tls.KeyPath} holds no private key for {tls.CertificatePath}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ConfigurationException("edgelabel.cloud.http.tls.certificate",
                $"cannot load the TLS certificate {tls.CertificatePath} with key {tls.KeyPath}: {e.Message}");
        }
    }
}
