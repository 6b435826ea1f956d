using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Recognition;

public static partial class DisplayRows
{
    /// <summary>The page's raster, to look for characters at a row's ends that the first reading missed.</summary>
    private sealed class Raster(byte[] grey, int width, int height, double pointsPerPixel)
    {
        private const byte Ink = 128;

        /// <summary>
        /// The lines of type inside <paramref name="boxes"/> (a headline's pieces as first read), from the raster: rows of
        /// ink inside the boxes, parted by white rows, as tall as type of <paramref name="ink"/> can be.
        /// </summary>
        public List<Box> Bands(Box[] boxes, double ink)
        {
            var bands = new List<Box>();
            if (grey.Length < width * height || width == 0 || boxes.Length == 0)
            {
                return bands;
            }

            var slack = Px(0.1 * ink);
            var px = boxes.Select(b => (Left: Math.Max(0, Px(b.Left)), Top: Px(b.Top) - slack, Right: Math.Min(width - 1, Px(b.Right)), Bottom: Px(b.Bottom) + slack)).ToArray();
            var (from, to) = (Math.Max(0, px.Min(b => b.Top)), Math.Min(height - 1, px.Max(b => b.Bottom)));
            var inked = new bool[to - from + 1];
            for (var y = from; y <= to; y++)
            {
                foreach (var b in px)
                {
                    if (y >= b.Top && y <= b.Bottom && RowInked(y, b.Left, b.Right))
                    {
                        inked[y - from] = true;
                        break;
                    }
                }
            }

            var maxGap = Math.Max(1, Px(0.15 * ink));
            var start = -1;
            var last = -1;
            for (var k = 0; k <= inked.Length; k++)
            {
                if (k < inked.Length && inked[k])
                {
                    if (start < 0 || k - last > maxGap)
                    {
                        Close(start, last);
                        start = k;
                    }

                    last = k;
                }
            }

            Close(start, last);
            return bands;

            void Close(int first, int end)
            {
                var tall = (end - first + 1) * pointsPerPixel;
                if (first >= 0 && tall >= 0.5 * ink && tall <= 1.8 * ink)
                {
                    bands.Add(new Box(0, (first + from) * pointsPerPixel, 0, (end + from + 1) * pointsPerPixel));
                }
            }
        }

        /// <summary>The band's ink, left to right (null when it has none).</summary>
        public Box? Trim(Box band)
        {
            var (top, bottom) = (Px(band.Top), Px(band.Bottom));
            var (left, right) = (Math.Max(0, Px(band.Left)), Math.Min(width - 1, Px(band.Right)));
            while (left <= right && !Inked(left, top, bottom))
            {
                left++;
            }

            while (right >= left && !Inked(right, top, bottom))
            {
                right--;
            }

            return left > right ? null : band with { Left = left * pointsPerPixel, Right = (right + 1) * pointsPerPixel };
        }

        /// <summary>
        /// The band widened over characters at either end that stand in the row's band alone (white above and below it),
        /// each at most a small gap from the last: what a row's first reading left out (建 of 建設人民城市, “三舊”變“三新”攻
        /// of a headline read up to 打好). Small marks (quotation marks, a dot) are taken only with a character after them.
        /// Type that spills out of the band (a column of body text beside the headline) ends the search.
        /// </summary>
        public Box Extend(Box band, double ink)
        {
            if (grey.Length < width * height || width == 0)
            {
                return band;
            }

            var top = Px(band.Top);
            var bottom = Px(band.Bottom);
            var em = Math.Max(4, Px(ink));
            var left = Reach(Px(band.Left), -1, top, bottom, em);
            var right = Reach(Px(band.Right) - 1, +1, top, bottom, em);
            return band with { Left = left * pointsPerPixel, Right = (right + 1) * pointsPerPixel };
        }

        private int Reach(int edge, int direction, int top, int bottom, int em)
        {
            var cursor = edge;
            for (var step = 0; step < 40; step++)
            {
                var (far, kind) = Character(cursor, direction, top, bottom, em);
                if (kind == Mark.None)
                {
                    break;
                }

                cursor = far;
                if (kind == Mark.Character)
                {
                    edge = far;
                }
                else if (Math.Abs(cursor - edge) > 1.5 * em)
                {
                    break;
                }
            }

            return edge;
        }

        private enum Mark
        {
            None,
            Small,
            Character,
        }

        /// <summary>The far edge of the ink next to <paramref name="edge"/> in <paramref name="direction"/>, and whether it is a character standing alone in the band, a small mark in it, or neither.</summary>
        private (int Far, Mark Kind) Character(int edge, int direction, int top, int bottom, int em)
        {
            var maxGap = Math.Max(2, em * 45 / 100);
            var x = edge + direction;
            var gap = 0;
            while (gap <= maxGap && x >= 0 && x < width && !Inked(x, top, bottom))
            {
                x += direction;
                gap++;
            }

            if (gap > maxGap || x < 0 || x >= width)
            {
                return (edge, Mark.None);
            }

            // The character: ink with gaps of less than a tenth of an em, at most 1.3 em wide.
            var near = x;
            var far = x;
            var blank = 0;
            for (var k = x; k >= 0 && k < width && Math.Abs(k - near) <= 1.3 * em; k += direction)
            {
                if (Inked(k, top, bottom))
                {
                    far = k;
                    blank = 0;
                }
                else if (++blank > Math.Max(2, em / 10))
                {
                    break;
                }
            }

            var (from, to) = (Math.Min(near, far), Math.Max(near, far));
            if (to - from > 1.3 * em)
            {
                return (edge, Mark.None);
            }

            // It stands in the band: the strips just above and below the band are white over its width.
            var (above, below) = (Math.Max(0, top - (em * 3 / 10)), Math.Min(height - 1, bottom + (em * 3 / 10)));
            for (var y = above; y < Math.Max(0, top - (em / 10)); y++)
            {
                if (RowInked(y, from, to))
                {
                    return (edge, Mark.None);
                }
            }

            for (var y = Math.Min(height - 1, bottom + (em / 10)) + 1; y <= below; y++)
            {
                if (RowInked(y, from, to))
                {
                    return (edge, Mark.None);
                }
            }

            // A character's ink reaches at least 0.4 em high inside the band; less is a mark.
            var (inkTop, inkBottom) = (int.MaxValue, int.MinValue);
            for (var y = Math.Max(0, top - (em / 10)); y <= Math.Min(height - 1, bottom + (em / 10)); y++)
            {
                if (RowInked(y, from, to))
                {
                    inkTop = Math.Min(inkTop, y);
                    inkBottom = Math.Max(inkBottom, y);
                }
            }

            return (far, inkBottom - inkTop >= 0.4 * em ? Mark.Character : Mark.Small);
        }

        private bool Inked(int x, int top, int bottom)
        {
            var count = 0;
            for (var y = Math.Max(0, top); y <= Math.Min(height - 1, bottom); y++)
            {
                if (grey[(y * width) + x] < Ink && ++count >= 2)
                {
                    return true;
                }
            }

            return false;
        }

        private bool RowInked(int y, int from, int to)
        {
            var row = grey.AsSpan(y * width, width);
            var count = 0;
            for (var x = Math.Max(0, from); x <= Math.Min(width - 1, to); x++)
            {
                if (row[x] < Ink && ++count >= 2)
                {
                    return true;
                }
            }

            return false;
        }

        private int Px(double points) => (int)Math.Round(points / pointsPerPixel);
    }
}
