using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Common;

/// <summary>One page of a list and the opaque cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>The caller's page size and position.</summary>
public sealed record PageRequest(int Limit = PageRequest.DefaultLimit, string? Cursor = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static PageRequest Of(int? limit, string? cursor)
    {
        var l = limit ?? DefaultLimit;
        if (l < 1 || l > MaxLimit)
        {
            throw new BadRequestException("limit", Validator.Format(CommonText.OutOfRange, 1, MaxLimit));
        }
        return new PageRequest(l, string.IsNullOrEmpty(cursor) ? null : cursor);
    }
}

/// <summary>
/// Keyset pagination: order by one key and the id, and continue after the last row seen.
/// Unlike OFFSET, the next page costs the same at row ten and at row a million.
/// </summary>
public static class Keyset
{
    public static async Task<Page<TOut>> ToPageAsync<T, TKey, TOut>(
        this IQueryable<T> query,
        Expression<Func<T, TKey>> key,
        Expression<Func<T, long>> id,
        bool descending,
        PageRequest page,
        Expression<Func<T, TOut>> projection,
        Func<TOut, (TKey Key, long Id)> cursorOf,
        CancellationToken ct)
    {
        if (page.Cursor is { } cursor)
        {
            var (lastKey, lastId) = Decode<TKey>(cursor);
            query = query.Where(After(key, id, lastKey, lastId, descending));
        }
        var ordered = descending
            ? query.OrderByDescending(key).ThenByDescending(id)
            : query.OrderBy(key).ThenBy(id);
        var rows = await ordered.Take(page.Limit + 1).Select(projection).ToListAsync(ct);
        string? next = null;
        if (rows.Count > page.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            var (k, i) = cursorOf(rows[^1]);
            next = Encode(k, i);
        }
        return new Page<TOut>(rows, next);
    }

    private sealed record Position<TKey>(TKey K, long I);

    internal static string Encode<TKey>(TKey key, long id) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Position<TKey>(key, id)));

    internal static (TKey Key, long Id) Decode<TKey>(string cursor)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);
            var position = JsonSerializer.Deserialize<Position<TKey>>(bytes);
            if (position is null)
            {
                throw new FormatException();
            }
            return (position.K, position.I);
        }
        catch (Exception e) when (e is FormatException or JsonException or NotSupportedException)
        {
            throw new BadRequestException("cursor", CommonText.InvalidCursor);
        }
    }

    /// <summary>
    /// key &gt;= last AND (key &gt; last OR (key = last AND id &gt; lastId)), mirrored when descending.
    /// The first term is implied by the second; it is there because a database cannot seek an
    /// index on an OR: with it, the next page starts at the last key in the (key, id) index
    /// instead of walking every row before it again (the row value (key, id) &gt; (last, lastId)
    /// would say the same, but SQLite and EF's LINQ do not share that form).
    /// </summary>
    private static Expression<Func<T, bool>> After<T, TKey>(
        Expression<Func<T, TKey>> key, Expression<Func<T, long>> id, TKey lastKey, long lastId, bool descending)
    {
        var row = key.Parameters[0];
        var keyBody = key.Body;
        var idBody = new Replace(id.Parameters[0], row).Visit(id.Body);
        // Captured values become SQL parameters, so the statement text stays the same across pages.
        var boxKey = new StrongBox<TKey>(lastKey);
        var boxId = new StrongBox<long>(lastId);
        Expression lastKeyExpr = Expression.Field(Expression.Constant(boxKey), nameof(StrongBox<TKey>.Value));
        Expression lastIdExpr = Expression.Field(Expression.Constant(boxId), nameof(StrongBox<long>.Value));

        Expression keyBeyond;
        if (typeof(TKey) == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, keyBody, lastKeyExpr);
            keyBeyond = descending
                ? Expression.LessThan(compare, Expression.Constant(0))
                : Expression.GreaterThan(compare, Expression.Constant(0));
        }
        else
        {
            keyBeyond = descending ? Expression.LessThan(keyBody, lastKeyExpr) : Expression.GreaterThan(keyBody, lastKeyExpr);
        }
        var idBeyond = descending ? Expression.LessThan(idBody, lastIdExpr) : Expression.GreaterThan(idBody, lastIdExpr);
        Expression keyReached;
        if (typeof(TKey) == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, keyBody, lastKeyExpr);
            keyReached = descending
                ? Expression.LessThanOrEqual(compare, Expression.Constant(0))
                : Expression.GreaterThanOrEqual(compare, Expression.Constant(0));
        }
        else
        {
            keyReached = descending ? Expression.LessThanOrEqual(keyBody, lastKeyExpr) : Expression.GreaterThanOrEqual(keyBody, lastKeyExpr);
        }
        var body = Expression.AndAlso(keyReached,
            Expression.OrElse(keyBeyond, Expression.AndAlso(Expression.Equal(keyBody, lastKeyExpr), idBeyond)));
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed class StrongBox<TValue>(TValue value)
    {
        public readonly TValue Value = value;
    }

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
