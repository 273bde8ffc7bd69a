"""The measurement science of Kompas: pure functions over numpy/pandas data, never Django."""
