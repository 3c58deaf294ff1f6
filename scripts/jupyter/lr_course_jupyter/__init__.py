"""The course's Jupyter support: the Deno kernel relay and papermill's TypeScript parameters."""
