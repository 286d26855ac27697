using System;
using System.Collections;
using System.Collections.Generic;

namespace AutoMix.Policies.Collections
{
    /// <summary>
    /// An immutable array with value equality, so that records holding arrays compare by content.
    /// The source generator relies on this for incremental caching of its pipeline models.
    /// </summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

        public static EquatableArray<T> Empty => new EquatableArray<T>(Array.Empty<T>());

        public int Count => _items?.Length ?? 0;

        public bool IsDefaultOrEmpty => _items is null || _items.Length == 0;

        public T this[int index] => (_items ?? throw new IndexOutOfRangeException())[index];

        /// <summary>The backing items, without copying; callers must not mutate them.</summary>
        internal T[] Items => _items ?? Array.Empty<T>();

        /// <summary>A copy of the items.</summary>
        public T[] ToArray() => _items is null ? Array.Empty<T>() : (T[])_items.Clone();

        public bool Equals(EquatableArray<T> other)
        {
            var a = Items;
            var b = other.Items;
            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = 17;
                foreach (var item in Items)
                {
                    hash = (hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
                }

                return hash;
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        public static implicit operator EquatableArray<T>(T[] items) => new EquatableArray<T>(items);
    }
}
