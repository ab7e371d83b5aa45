using EventSourcedTenancy.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace EventSourcedTenancy.Hosting;

public static class Authentication
{
    /// <summary>JWT bearer authentication: callers are identified by their token; the domain decides what they may do.</summary>
    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services, TokenSettings tokens)
    {
        services.AddSingleton(tokens);
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<BusAuthentication>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = tokens.ValidationParameters();
            });
        services.AddAuthorization();
        return services;
    }
}
