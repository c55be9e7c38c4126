"""Files read and written with care: the data file in use, the user's folders, safe writes, line locating."""
