using System.Security.Cryptography;
using Bridgehead.Data;
using Bridgehead.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Api;

/// <summary>
/// Honours the Idempotency-Key header on API POSTs. The key is claimed inside a transaction that
/// also holds the request's own writes, so a retry (even one racing the first request) either
/// waits and replays the first answer, or finds nothing and runs once: never a second record.
/// </summary>
public sealed class Idempotency(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext http, BridgeheadDb db)
    {
        var key = http.Request.Headers[Header].ToString();
        var viewer = ViewerSource.FromPrincipal(http.User);
        if (!HttpMethods.IsPost(http.Request.Method) || string.IsNullOrEmpty(key) || viewer?.UserId is not { } userId)
        {
            await next(http);
            return;
        }
        if (key.Length > IdempotencyRecord.MaxKey)
        {
            await WriteProblemAsync(http, StatusCodes.Status400BadRequest, ApiText.IdempotencyKeyTooLong);
            return;
        }

        var hash = await HashRequestAsync(http.Request);
        var now = DateTime.UtcNow;
        var earliest = now - IdempotencyRecord.KeptFor;
        await db.IdempotencyRecords.Where(r => r.UserId == userId && r.CreatedAt < earliest).ExecuteDeleteAsync(http.RequestAborted);

        // A plain retry finds the first answer without touching the write path.
        var earlier = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key && r.StatusCode != 0, http.RequestAborted);
        if (earlier is not null)
        {
            await ReplayAsync(http, earlier, hash);
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var record = new IdempotencyRecord { UserId = userId, Key = key, RequestHash = hash, CreatedAt = now };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException e) when (!Database.IsUnavailable(e))
        {
            // The key is taken: by a finished request (replay it) or one that just committed.
            await tx.RollbackAsync(http.RequestAborted);
            db.ChangeTracker.Clear();
            var first = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, http.RequestAborted);
            await ReplayAsync(http, first, hash);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode >= 500)
        {
            await tx.RollbackAsync(CancellationToken.None);
        }
        else
        {
            record.StatusCode = http.Response.StatusCode;
            record.ContentType = http.Response.ContentType;
            record.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
            record.ETag = http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null;
            record.Withheld = http.GetEndpoint()?.Metadata.GetMetadata<SecretResponse>() is not null;
            record.Body = record.Withheld ? null : buffer.ToArray();
            db.Entry(record).State = EntityState.Modified;
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord? first, string hash)
    {
        if (first is null || first.StatusCode == 0)
        {
            await WriteProblemAsync(http, StatusCodes.Status409Conflict, ApiText.IdempotencyInProgress);
            return;
        }
        if (first.RequestHash != hash)
        {
            await WriteProblemAsync(http, StatusCodes.Status422UnprocessableEntity, ApiText.IdempotencyKeyReused);
            return;
        }
        if (first.Withheld)
        {
            await WriteProblemAsync(http, StatusCodes.Status409Conflict, ApiText.IdempotencyWithheld);
            return;
        }
        http.Response.StatusCode = first.StatusCode;
        http.Response.Headers[ReplayedHeader] = "true";
        if (first.ContentType is not null)
        {
            http.Response.ContentType = first.ContentType;
        }
        if (first.Location is not null)
        {
            http.Response.Headers.Location = first.Location;
        }
        if (first.ETag is not null)
        {
            http.Response.Headers.ETag = first.ETag;
        }
        if (first.Body is { Length: > 0 } body)
        {
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(request.Method + " " + request.Path + request.QueryString + "\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task WriteProblemAsync(HttpContext http, int status, string title)
    {
        http.Response.StatusCode = status;
        await Results.Problem(title: title, statusCode: status).ExecuteAsync(http);
    }
}

/// <summary>
/// Marks an endpoint whose answer holds a secret shown once (a token, a one-time password): an
/// idempotent retry is still recognised, but the secret is never stored to replay it.
/// </summary>
public sealed class SecretResponse;
