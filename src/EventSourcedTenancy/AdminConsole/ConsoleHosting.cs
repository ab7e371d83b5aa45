using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Users;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

namespace EventSourcedTenancy.AdminConsole;

/// <summary>
/// The administration console: static pages served by the service itself from the assembly (nothing loaded
/// from elsewhere), which call the same HTTP endpoints as any client. In Development a person signs in by
/// picking an account (a development token is minted); elsewhere by pasting the identity provider's token.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    /// <summary>The page may load and call only the service itself.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication MapConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new EmbeddedFileProvider(typeof(ConsoleHosting).Assembly, "EventSourcedTenancy.AdminConsole.Assets");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context => Secure(context.Context.Response),
        });

        // One route for /console and /console/ (routing does not tell them apart): the page's relative links need the slash.
        app.MapGet(Path, (HttpContext http) =>
        {
            if (!http.Request.Path.Value!.EndsWith('/'))
            {
                return Results.Redirect($"{Path}/");
            }

            Secure(http.Response);
            return Results.Stream(files.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        // Minting tokens for anyone is a developer's convenience: only in Development, only with the published
        // development key (tokens a real key would sign are never minted here), only for this machine.
        var developmentSignIn = app.Environment.IsDevelopment() && KeyPolicy.PublishedKeys.Contains(app.Configuration["Auth:SigningKey"] ?? string.Empty);
        app.MapGet($"{Path}/settings.json", () => Results.Ok(new ConsoleSettings(developmentSignIn))).ExcludeFromDescription();
        if (developmentSignIn)
        {
            MapDevelopmentSignIn(app);
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintAddress(app));
        return app;
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    /// <summary>
    /// Development only (the published development key signs the tokens): the accounts one may sign in as, and a
    /// token for one of them. Never mapped in another environment.
    /// </summary>
    private static void MapDevelopmentSignIn(WebApplication app)
    {
        var signIn = app.MapGroup($"{Path}/dev").AddEndpointFilter(async (context, next) =>
            FromThisMachine(context.HttpContext.Request)
                ? await next(context)
                : Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden, title: "Development sign-in is for this machine only",
                    detail: "Open the console as http://127.0.0.1 or http://localhost on the machine that runs the service, or sign in with a token.",
                    extensions: new Dictionary<string, object?> { ["code"] = "development_sign_in_local_only" }));

        signIn.MapGet("/accounts", async (IDocumentStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var accounts = await session.Query<UserView>()
                .Where(u => u.State == Accounts.AccountState.Active)
                .OrderBy(u => u.Email)
                .Take(500)
                .ToListAsync(cancellation);
            var tenantIds = accounts.Select(a => a.TenantId).Distinct().ToArray();
            var tenants = (await session.Query<Tenant>().Where(t => t.Id.IsOneOf(tenantIds)).ToListAsync(cancellation)).ToDictionary(t => t.Id, t => t.Name);
            return Results.Ok(accounts.Select(a => new DevelopmentAccount(
                a.Id, a.Email, $"{a.FirstName} {a.LastName}".Trim(), a.TenantId, tenants.GetValueOrDefault(a.TenantId, "?"), a.Role)));
        }).ExcludeFromDescription();

        signIn.MapPost("/token", async (DevelopmentTokenRequest request, IDocumentStore store, TokenIssuer issuer, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            if (request.AccountId == Guid.Empty || await session.LoadAsync<UserView>(request.AccountId, cancellation) is not { State: Accounts.AccountState.Active })
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status404NotFound, title: "No such active account",
                    detail: "Pick an active account from the list (GET /console/dev/accounts).",
                    extensions: new Dictionary<string, object?> { ["code"] = "account_not_found" });
            }

            return Results.Ok(new DevelopmentToken(issuer.Mint(request.AccountId, lifetime: TimeSpan.FromHours(8))));
        }).ExcludeFromDescription();
    }

    /// <summary>
    /// A request from a loopback address that names a loopback host: another machine cannot reach it, and a web
    /// page of another site cannot either (its requests name that site's host, even when its name resolves here).
    /// </summary>
    private static bool FromThisMachine(HttpRequest request) =>
        request.HttpContext.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
        && request.Host.Host is "localhost" or "127.0.0.1" or "[::1]" or "::1";

    private static void PrintAddress(WebApplication app)
    {
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is { Count: > 0 })
        {
            app.Logger.LogInformation("Console: {Address}{Path}/  API reference: {Address}/docs", addresses.First(), Path, addresses.First());
        }
    }
}

public sealed record ConsoleSettings(bool DevelopmentSignIn);

public sealed record DevelopmentAccount(Guid Id, string? Email, string Name, Guid TenantId, string TenantName, string Role);

public sealed record DevelopmentTokenRequest(Guid AccountId);

public sealed record DevelopmentToken(string Token);
