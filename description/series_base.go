package description

// SeriesBase converts an OS series to a base ("jammy" -> "ubuntu@22.04")
// with the table the reader uses for old entity versions, so that the
// importer's default-series conversion agrees with it.
func SeriesBase(series string) (string, error) { return seriesBase(series) }
