package io.advstream.app.report;

/**
 * A PGD cell where the run's convergence check said PGD-k had not converged at ε, so the report
 * uses PGD-50 there: {@code pgdK} is what PGD-k gave, {@code pgd50} what the report shows.
 */
public record Substitution(
    String variant, int seed, String bnSet, Eps eps, int k, double pgdK, double pgd50) {}
