using System.Globalization;
using System.Reflection;
using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Api;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Scalar.AspNetCore;

namespace Bridgehead.Hosting;

/// <summary>Builds the web server: the pages, the API and everything they share.</summary>
public static class WebApp
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("ko")];

    /// <summary>The service key of the reports' own context, registered when Bridgehead:ReportsDatabase is set.</summary>
    private const string ReportsKey = "reports";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Built but not published, the static files stay in the project's wwwroot; this maps them.
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder);

        var settings = Settings.From(builder.Configuration);
        if (builder.Configuration["Bridgehead:TimeZone"] is { Length: > 0 } zone)
        {
            // An unknown zone (or a machine without time-zone data) falls back to the server's own.
            Shared.Display.Zone = TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Local;
        }
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(settings.Currency);
        services.AddSingleton(new Imports.ImportFolder(Path.Combine(settings.DataFolder, "imports")));
        services.AddSingleton(Notifications.NotificationsApi.SettingsFrom(builder.Configuration, settings));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<IViewerSource, ViewerSource>();
        // The options are built once (the connection string parsed, the provider set up), not per
        // request: the context itself stays scoped, with the request's viewer.
        services.AddDbContext<BridgeheadDb>(o => Database.Configure(o, settings.ConnectionString), optionsLifetime: ServiceLifetime.Singleton);
        if (settings.ReportsConnectionString is { } reportsConnection)
        {
            // Reports read a standby (or any other copy) when configured: same visibility, never a write.
            var reportsOptions = Reports.ReportsDatabase.Options(reportsConnection);
            services.AddKeyedScoped(ReportsKey, (sp, _) => new BridgeheadDb(reportsOptions, sp.GetService<IViewerSource>()));
        }
        // Report answers kept until the data changes (PostgreSQL only; see ReportCache).
        services.AddSingleton(new Reports.ReportCache(
            TimeSpan.FromMinutes(builder.Configuration.GetValue(Reports.ReportCache.MinutesSetting, Reports.ReportCache.DefaultMinutes)),
            builder.Configuration.GetValue(Reports.ReportCache.RowsSetting, Reports.ReportCache.DefaultRows)));
        AddUseCases(services);
        Imports.ImportsApi.AddServices(services, builder.Configuration);

        services.AddDataProtection().SetApplicationName("bridgehead");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<KeyManagementOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<BridgeheadDb>>())));

        services.AddBridgeheadAuth(builder.Configuration);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "bridgehead.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddLocalization();
        // Korean text goes out as text, not as &#x...; entities: smaller pages, readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.AllowAnonymousToPage("/Identity/Login");
            o.Conventions.AllowAnonymousToPage("/Shared/Error");
            o.Conventions.AllowAnonymousToPage("/Identity/Culture");
            o.Conventions.AllowAnonymousToPage("/Identity/Logout");
            // The working calendar: everyone reads it at /calendar, admins find it among the admin pages.
            o.Conventions.AddPageRoute("/Calendar/Index", "admin/calendar");
        }).AddMvcOptions(o =>
        {
            // A form value that does not parse (a word in a number field) is refused in the UI language.
            var messages = o.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((value, _) => Common.Validator.Format(Shared.UiText.InvalidValue, value));
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Common.Validator.Format(Shared.UiText.InvalidValue, value));
            messages.SetValueIsInvalidAccessor(value => Common.Validator.Format(Shared.UiText.InvalidValue, value));
            messages.SetUnknownValueIsInvalidAccessor(_ => Shared.UiText.InvalidNumber);
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Shared.UiText.InvalidNumber);
            messages.SetValueMustBeANumberAccessor(_ => Shared.UiText.InvalidNumber);
            messages.SetNonPropertyValueMustBeANumberAccessor(() => Shared.UiText.InvalidNumber);
            messages.SetValueMustNotBeNullAccessor(_ => Shared.UiText.ValueRequired);
            messages.SetMissingBindRequiredValueAccessor(_ => Shared.UiText.ValueRequired);
            messages.SetMissingKeyOrValueAccessor(() => Shared.UiText.ValueRequired);
            messages.SetMissingRequestBodyRequiredValueAccessor(() => Shared.UiText.ValueRequired);
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiProblems>();
        services.AddExceptionHandler<Shared.UnavailablePage>();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Bridgehead API";
                doc.Info.Description = "Sales and key-account management for B2B suppliers. Authenticate with POST /api/v1/auth/token, then send Authorization: Bearer TOKEN.";
                return Task.CompletedTask;
            });
            // Query parameters bind in any case; the document names them in the API's camelCase.
            o.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in (operation.Parameters ?? []).OfType<Microsoft.OpenApi.OpenApiParameter>())
                {
                    if (parameter.Name is { Length: > 0 } name)
                    {
                        parameter.Name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
                    }
                }
                return Task.CompletedTask;
            });
        });
        services.AddHealthChecks();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the load balancers named in Bridgehead:TrustedProxies (addresses or networks,
            // comma-separated) may say who the client is; without a list, private networks may.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            var trusted = (builder.Configuration["Bridgehead:TrustedProxies"] ?? "")
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var entry in trusted.Length > 0 ? trusted : ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "::1/128", "fc00::/7"])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry.Contains('/', StringComparison.Ordinal) ? entry : entry + (entry.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")));
            }
        });

        var app = builder.Build();
        if (builder.Configuration.GetValue("Bridgehead:BehindProxy", false))
        {
            app.UseForwardedHeaders();
        }
        // Culture first, so that error answers are in the caller's language too.
        app.UseRequestLocalization();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = e => ApiProblems.From(e).Status ?? StatusCodes.Status500InternalServerError,
        });
        app.UseWhen(http => ApiProblems.IsApi(http.Request), api => api.UseStatusCodePages());
        app.UseWhen(http => !ApiProblems.IsApi(http.Request), ui => ui.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<QueryText>();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseMiddleware<ApiAntiforgery>();
        app.UseWhen(http => ApiProblems.IsApi(http.Request), api => api.UseMiddleware<RequestCharset>().UseMiddleware<Idempotency>());

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();
        app.MapGet("/health", async (BridgeheadDb db, CancellationToken ct) =>
                await Database.CanConnectAsync(db, ct) ? Results.Text("ok") : Results.Text("database unavailable", statusCode: 503))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Bridgehead API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();

        var api = app.MapGroup("/api/v1");
        IdentityApi.Map(api);
        AccountsApi.Map(api);
        ContactsApi.Map(api);
        OpportunitiesApi.Map(api);
        PipelinesApi.Map(api);
        Competitors.CompetitorsApi.Map(api);
        Competitors.CompetitorMovesApi.Map(api);
        Products.ProductsApi.Map(api);
        RouteApi.Map(api);
        Industries.IndustriesApi.Map(api);
        Fit.FitApi.Map(api);
        Forecasting.ExchangeRatesApi.Map(api);
        Forecasting.ForecastApi.Map(api);
        ActivitiesApi.Map(api);
        TasksApi.Map(api);
        Search.SearchApi.Map(api);
        Wallet.WalletApi.Map(api);
        BuyingCenter.BuyingCenterApi.Map(api);
        References.ReferencesApi.Map(api);
        Quotes.QuoteDocumentApi.Map(api);
        Negotiation.NegotiationApi.Map(api);
        Quotes.QuotesApi.Map(api);
        ProductRequests.ProductRequestsApi.Map(api);
        Needs.NeedsApi.Map(api);
        Feedback.FeedbackApi.Map(api);
        Contracts.ContractsApi.Map(api);
        Trials.TrialsApi.Map(api);
        Calendar.CalendarApi.Map(api);
        Orders.PromiseApi.Map(api);
        Orders.CapacityApi.Map(api);
        Orders.OrdersApi.Map(api);
        Notifications.NotificationsApi.Map(api);
        Care.CareApi.Map(api);
        Webhooks.WebhooksApi.Map(api);
        Incidents.IncidentsApi.Map(api);
        Health.HealthApi.Map(api);
        Reports.ReportsApi.Map(api);
        Imports.ImportMappingsApi.Map(api);
        Imports.ImportsApi.Map(api);
        Duplicates.DuplicatesApi.Map(api);
        Exports.ExportsApi.Map(api);
        return app;
    }

    /// <summary>The context reports read through: the reports database when configured, else the main one.</summary>
    private static BridgeheadDb ReportsDb(IServiceProvider sp) =>
        sp.GetKeyedService<BridgeheadDb>(ReportsKey) ?? sp.GetRequiredService<BridgeheadDb>();

    /// <summary>Every use case of the core (a class with a HandleAsync method) is available to endpoints and pages.</summary>
    private static void AddUseCases(IServiceCollection services)
    {
        var core = typeof(BridgeheadDb).Assembly;
        foreach (var type in core.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
                     && t.GetMethod("HandleAsync", BindingFlags.Public | BindingFlags.Instance) is not null))
        {
            services.AddScoped(type);
        }
        // Gate criteria: each module adds its own by implementing IGateCriterion.
        foreach (var type in core.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IGateCriterion).IsAssignableFrom(t)))
        {
            services.AddScoped(typeof(IGateCriterion), type);
        }
        services.AddScoped<GateEngine>();
        // Background jobs: each module adds its own by implementing IBackgroundJob.
        foreach (var type in core.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Background.IBackgroundJob).IsAssignableFrom(t)))
        {
            services.AddScoped(typeof(Background.IBackgroundJob), type);
        }
        services.AddSingleton<BackgroundWorker>();
        // Reports: each is a class implementing IReport (see Reports/).
        foreach (var type in core.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Reports.IReport).IsAssignableFrom(t)))
        {
            var report = ActivatorUtilities.CreateFactory(type, [typeof(BridgeheadDb)]);
            services.AddScoped(typeof(Reports.IReport), sp => report(sp, [ReportsDb(sp)]));
        }
        var runReport = ActivatorUtilities.CreateFactory<Reports.RunReport>([typeof(BridgeheadDb)]);
        services.AddScoped(sp => runReport(sp, [ReportsDb(sp)]));
        Notifications.WebhookDeliveryJob.AddHttpClient(services);
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWorker>());
    }
}
