global using Xunit;
global using AkkaSpec = Akka.TestKit.Xunit.TestKit;
global using HostingSpec = Akka.Hosting.TestKit.TestKit;
