"""The bundled figures: College Scorecard outcomes, BLS wages and HUD rents, each with its source."""
