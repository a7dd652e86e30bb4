/**
 * Receipts of filter runs and their audit (docs/AUDIT.md): {@link dev.flywheel.policy.filter.receipt.Receipt} is what
 * one run decided on which bytes, {@link dev.flywheel.policy.filter.receipt.ReceiptRecorder} computes it while the
 * filter runs, {@link dev.flywheel.policy.filter.receipt.ReceiptJson} writes, signs and reads it, and
 * {@link dev.flywheel.policy.filter.receipt.Audit} re-decides the same input to check it and lists the allowed items
 * the register has withdrawn since.
 */
package dev.flywheel.policy.filter.receipt;
