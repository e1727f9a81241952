"""renju (人居): the platform a city runs its rural living-environment improvement on."""
