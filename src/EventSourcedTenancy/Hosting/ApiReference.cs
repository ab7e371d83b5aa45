using Scalar.AspNetCore;

namespace EventSourcedTenancy.Hosting;

/// <summary>The browsable API reference at /docs: served whole by the service (Scalar's bundle is in its package), no web fonts from elsewhere.</summary>
public static class ApiReference
{
    public static void Configure(ScalarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.WithTitle("EventSourcedTenancy API").DisableDefaultFonts();
    }
}
