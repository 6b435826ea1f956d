namespace XuhuiEpaper.Storage;
internal static class Placeholder;
